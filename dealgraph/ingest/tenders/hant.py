"""Notices in traditional Chinese (繁體: Taiwan, Hong Kong, Macau portals) read with the simplified vocabulary.

Every label, section word and unit the extractors know is written in simplified characters. A notice
written in traditional characters is read through a view with each character mapped one to one
(機關名稱 -> 机关名称, 預算金額 -> 预算金额); the mapping keeps every string's length, so each value read
from the view is given back as the notice wrote it (the same span of the original text), never in
the view's characters.
"""

from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass

from .model import Document, ParsedTender

# Traditional characters and their simplified forms, one to one, in pairs (the words of procurement notices,
# contracts, specifications, units and places). A character with several simplified readings is left out.
_PAIRS = (
    "機机關关標标採采購购預预額额專专業业項项號号開开時时間间審审評评計计劃划報报價价幣币臺台灣湾務务處处單单聯联"
    "絡络電电話话傳传郵邮網网際际國国資资證证書书認认質质級级與与並并於于為为應应須须條条實实規规範范體体積积數数"
    "據据庫库線线纜缆設设備备統统組组織织節节點点顯显記记憶忆儲储頻频寬宽輸输環环溫温濕湿圍围內内載载運运維维護护"
    "費费總总萬万億亿圓圆參参選选擇择決决廠厂買买賣卖貨货驗验約约歷历績绩經经營营執执註注冊册稅税納纳險险會会員员"
    "職职稱称負负責责遞递場场區区縣县鄉乡鎮镇廳厅衛卫醫医學学園园館馆圖图軟软係系腦脑螢萤鍵键盤盘掃扫複复製制裝装"
    "測测試试調调轉转換换導导碼码頁页檔档說说辦办請请詳详見见變变閱阅讀读擊击瀏浏覽览發发佈布聲声權权義义違违罰罚"
    "則则協协議议補补滿满達达優优類类別别種种產产週周個个張张塊块雙双層层樓楼棟栋廣广鐵铁車车輛辆駕驾駛驶監监視视"
    "錄录攝摄鏡镜頭头麥麦擴扩劇剧藝艺術术動动遊游戲戏兒儿師师訓训練练課课習习題题儀仪氣气熱热燈灯壓压馬马風风卻却"
    "淨净廢废棄弃減减綠绿損损賠赔償偿後后續续曆历遲迟終终錄录來来異异災灾難难雲云虛虚擬拟牆墙無无纖纤帶带遺遗這这"
    "們们對对將将從从還还進进過过讓让現现問问長长門门東东魚鱼覺觉邊边鐘钟錢钱銀银鋼钢銅铜鋁铝鏈链錯错閥阀閘闸雜杂"
    "離离雖虽靈灵韓韩順顺領领飛飞養养驅驱鬥斗鳳凤麗丽黃黄齊齐齒齿龍龙壞坏夠够奪夺奮奋婦妇寧宁寫写尋寻屬属島岛峽峡"
    "嶺岭幫帮強强彈弹彙汇徑径復复徵征憂忧態态懷怀戰战戶户拋抛掛挂揚扬搖摇撥拨擁拥據据擔担攜携敗败敵敌斷断暢畅極极"
    "構构槍枪樂乐樞枢樣样橋桥檢检歐欧歲岁歸归殘残殼壳毀毁沒没淺浅渦涡湯汤準准溝沟滅灭滯滞滲渗漢汉潔洁澤泽濟济濾滤"
    "烏乌煙烟燒烧爐炉爭争爾尔犧牺狀状獨独獲获瑪玛畫画當当疊叠療疗盡尽眾众矯矫確确磚砖礎础禮礼禦御穩稳窮穷竊窃競竞"
    "筆笔築筑簡简籌筹簽签糧粮紀纪紅红紙纸細细結结絕绝給给絲丝綜综緊紧締缔編编緣缘縮缩繳缴繼继羅罗聖圣聞闻聽听肅肃"
    "脅胁膽胆臨临舉举舊旧艙舱艦舰藍蓝蘭兰號号蟲虫衝冲襲袭規规親亲觀观觸触訂订討讨許许診诊詞词詩诗該该語语誤误談谈"
    "論论諮咨謝谢識识譜谱貝贝財财販贩貫贯貴贵貸贷貼贴賓宾賦赋賽赛贈赠贊赞趙赵趕赶跡迹踐践軌轨軍军軸轴較较輔辅輕轻"
    "輪轮轄辖農农適适遠远遷迁鄰邻釋释針针鈕钮鉛铅銷销鋪铺鍋锅鎖锁閉闭閒闲闊阔陣阵陰阴陳陈陸陆隊队階阶隨随隱隐隻只"
    "雞鸡靜静韋韦響响頂顶頓顿頒颁顏颜顧顾颱台餘余髮发鬆松麵面團团詢询訊讯紀纪獎奖勵励啟启採采歡欢鑑鉴鑒鉴檢检"
    "屆届廈厦罷罢擬拟攤摊搜搜瞭了碩硕軀躯輯辑辭辞遜逊鄭郑鍍镀鍛锻鎢钨鐳镭閃闪闡阐隸隶頸颈頰颊頻频顆颗颶飓飄飘饋馈"
    "驟骤骯肮鬧闹魯鲁鯨鲸鳴鸣鴻鸿麼么黨党齡龄龜龟兩两剛刚劑剂勞劳勢势區区協协卻却厲厉參参叢丛嗎吗嘆叹噸吨圖图執执"
    "堅坚報报場场塊块塗涂墊垫壇坛壽寿夾夹奧奥妝妆嬰婴寶宝審审對对導导將将尷尴屍尸層层岡冈巖岩幣币幹干廚厨廟庙廠厂"
    "彥彦彎弯徹彻恆恒悅悦惡恶愛爱慣惯慶庆憑凭憲宪應应懸悬揀拣損损搶抢摺折撐撑擋挡擠挤擬拟擴扩擾扰攝摄敘叙斂敛"
    "暫暂曉晓朧胧桿杆棧栈榮荣樁桩機机櫃柜權权欄栏歐欧殺杀氫氢氧氧汙污決决沖冲況况滬沪漲涨澳澳濃浓瀝沥灑洒爛烂"
    "牽牵犢犊獻献環环瓊琼甕瓮產产畢毕畝亩疇畴瘡疮癥症盞盏碩硕礦矿稅税穀谷窯窑竄窜筍笋篩筛糾纠紛纷紡纺統统絨绒綁绑"
    "綿绵緩缓緯纬緻致縫缝縱纵繩绳繪绘繞绕罐罐罰罚羨羡聯联肅肃脈脉腳脚臘腊艱艰莊庄蔣蒋蕭萧薦荐藥药蘇苏虧亏蠟蜡補补"
    "裏里裡里褲裤覆覆訪访設设訴诉診诊詐诈詮诠誌志誠诚說说課课誰谁調调諸诸謀谋謂谓謹谨證证譯译護护讚赞豐丰豬猪貓猫"
    "賬账賴赖購购贏赢趨趋躍跃軒轩輝辉轉转辦办迴回遞递遣遣鄉乡醞酝釐厘鈴铃鉗钳銳锐錶表鍵键鎔熔鏟铲鑄铸鑽钻閣阁闆板"
    "陽阳隔隔雜杂雞鸡雙双電电霧雾韌韧頌颂頭头顛颠飼饲飽饱餅饼館馆騎骑騰腾驗验鬍胡鹼碱鹽盐麼么黴霉鼕冬齣出"
)
_T2S = {t: s for t, s in zip(_PAIRS[0::2], _PAIRS[1::2]) if t != s}
_TABLE = str.maketrans(_T2S)
_SIMPLE_FORMS = frozenset(_T2S.values())
# Characters only the traditional script writes: enough of them mark the notice as traditional.
_ONLY_TRAD = frozenset(_T2S) - frozenset(_T2S.values())


def is_traditional(text: str) -> bool:
    """Traditional characters outnumber their simplified forms (a bilingual page or one quoted name is not)."""
    trad = sum(1 for ch in text if ch in _ONLY_TRAD)
    simp_forms = frozenset(_T2S.values()) - frozenset(_T2S)
    simp = sum(1 for ch in text if ch in simp_forms)
    return trad >= 20 and trad > 2 * simp


def to_simplified(text: str) -> str:
    return text.translate(_TABLE)


class SimplifiedView:
    """The document in simplified characters, and the way back to what it wrote."""

    def __init__(self, doc: Document):
        self.original = doc
        self.doc = copy.deepcopy(doc)
        for b in self.doc.blocks:
            b.text = to_simplified(b.text)
            for r in b.rows:
                r.cells = [to_simplified(c) for c in r.cells]
        if self.doc.title:
            self.doc.title = to_simplified(self.doc.title)
        orig = "\n".join(t for _, t in doc.lines()) + "\n" + (doc.title or "")
        self._orig_text = orig
        self._view_text = to_simplified(orig)
        # Each view character back to the form this notice writes it in most often (台 may stay 台 in 平台 while
        # 新臺幣 writes 臺): characters written unchanged count too.
        back: dict[str, dict[str, int]] = {}
        for o, v in zip(orig, self._view_text):
            if v in _SIMPLE_FORMS:
                back.setdefault(v, {}).setdefault(o, 0)
                back[v][o] += 1
        self._back = {v: max(c, key=c.get) for v, c in back.items()}

    def back(self, value: str) -> str:
        """The notice's own writing of a value read from the view: its span in the original text when the value
        is a piece of it, else each mapped character back to the form this notice uses."""
        if not value or not any(ch in self._back for ch in value):
            return value
        # Piece by piece: a value joined from several cells ("记忆体：每台1,024GB") is made of pieces of the text.
        out, i = [], 0
        while i < len(value):
            j = len(value)
            while j > i + 1 and self._view_text.find(value[i:j]) < 0:
                j = i + max(1, (j - i) // 2) if j - i > 8 else j - 1
            at = self._view_text.find(value[i:j])
            if at >= 0 and j - i > 1:
                out.append(self._orig_text[at:at + j - i])
            else:
                j = i + 1
                out.append(self._back.get(value[i], value[i]))
            i = j
        return "".join(out)

    def restore(self, out: ParsedTender) -> None:
        """Every string of the result back in the notice's characters."""
        out.source = self.original.source
        _restore(out, self.back, depth=0)
        out.tree = None if out.tree is None else _restore_tree(out.tree, self.back)


def _restore(obj, back, depth: int):
    if depth > 4:
        return obj
    if isinstance(obj, str):
        return back(obj)
    if isinstance(obj, list):
        for i, x in enumerate(obj):
            obj[i] = _restore(x, back, depth + 1)
        return obj
    if isinstance(obj, dict):
        for k in list(obj):
            obj[k] = _restore(obj[k], back, depth + 1)
        return obj
    if is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if f.name in ("tree", "source", "fmt", "language", "currency", "kind", "deadline", "opening_time"):
                continue
            setattr(obj, f.name, _restore(getattr(obj, f.name), back, depth + 1))
    return obj


def _restore_tree(node, back):
    for n in node.walk():
        n.text = back(n.text)
        if n.key:
            n.key = back(n.key)
        if n.value:
            n.value = back(n.value)
    return node
