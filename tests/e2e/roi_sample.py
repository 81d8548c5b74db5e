"""A hand-made ROI board in the shape of dealgraph.algorithms.roi.roi_board (tests only)."""


def sample_board(n_accounts: int = 6) -> dict:
    names = ["华东电力集团", "Acme Manufacturing Co., Ltd.", "深圳智造科技有限公司", "北京市政务服务中心", "Global Health Inc.",
             "浙江能源", "上海医疗器械", "Sino Logistics"]
    stages = ["需求确认", "方案验证", "商务谈判", "签约", "lost"]
    accounts, opps = [], []
    for i in range(n_accounts):
        aid = f"A{i + 1}"
        mine = []
        for j in range(1 + i % 3):
            amount = 120_000.0 * (i + 1) + 35_500.5 * j
            p = round(0.15 + 0.12 * ((i + j) % 6), 2)
            stage = stages[(i + j) % len(stages)]
            realised = amount if stage == "签约" else 0.0
            cost = 8_000.0 + 2_750.25 * (i + 2 * j)
            opps.append({"opportunity_id": f"O{i + 1}-{j + 1}", "account_id": aid, "name": f"{names[i % 8]} 项目{j + 1}",
                         "stage": stage, "cost": cost, "amount": amount, "win_probability": p,
                         "expected_revenue": round(amount * p, 2), "realised_revenue": realised})
            mine.append(opps[-1])
        cost = sum(o["cost"] for o in mine)
        exp = sum(o["expected_revenue"] for o in mine)
        real = sum(o["realised_revenue"] for o in mine)
        accounts.append({"account_id": aid, "name": names[i % 8], "cost": cost, "expected_revenue": exp,
                         "realised_revenue": real, "roi": round((exp + real - cost) / cost, 4),
                         "opportunities": [o["opportunity_id"] for o in mine]})
    cost = sum(a["cost"] for a in accounts)
    exp = sum(a["expected_revenue"] for a in accounts)
    real = sum(a["realised_revenue"] for a in accounts)
    return {"generated_at": "2026-11-25T16:00:00Z", "currency": "CNY",
            "totals": {"cost": cost, "expected_revenue": exp, "realised_revenue": real,
                       "roi": round((exp + real - cost) / cost, 4)},
            "accounts": accounts, "opportunities": opps}
