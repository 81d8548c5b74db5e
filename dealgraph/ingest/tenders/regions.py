"""Chinese provinces and major cities, to name a notice's region when no 行政区域 field is given."""

from __future__ import annotations

import re

PROVINCES = [
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省",
    "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省",
    "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区",
]
CITIES = [
    "石家庄市", "太原市", "沈阳市", "大连市", "长春市", "哈尔滨市", "南京市", "苏州市", "无锡市", "杭州市", "宁波市", "温州市",
    "合肥市", "福州市", "厦门市", "南昌市", "济南市", "青岛市", "郑州市", "武汉市", "长沙市", "广州市", "深圳市", "珠海市",
    "东莞市", "佛山市", "海口市", "三亚市", "成都市", "贵阳市", "昆明市", "西安市", "兰州市", "西宁市", "呼和浩特市", "南宁市",
    "拉萨市", "银川市", "乌鲁木齐市", "绍兴市", "嘉兴市", "金华市", "台州市", "常州市", "南通市", "徐州市", "扬州市", "烟台市",
    "潍坊市", "洛阳市", "宜昌市", "襄阳市", "株洲市", "湘潭市", "惠州市", "中山市", "江门市", "汕头市", "泉州市", "漳州市",
    "绵阳市", "遵义市", "大理市", "宝鸡市", "包头市", "桂林市", "柳州市", "唐山市", "保定市", "廊坊市", "芜湖市", "赣州市",
]
_SHORT = {p.removesuffix("省").removesuffix("市").removesuffix("自治区").removesuffix("壮族").removesuffix("回族")
          .removesuffix("维吾尔").removesuffix("特别行政区"): p for p in PROVINCES}
_CITY_SHORT = {c.removesuffix("市"): c for c in CITIES}
_EN = {"beijing": "北京市", "shanghai": "上海市", "tianjin": "天津市", "chongqing": "重庆市", "guangdong": "广东省",
       "zhejiang": "浙江省", "jiangsu": "江苏省", "shenzhen": "深圳市", "hangzhou": "杭州市", "guangzhou": "广州市"}

_REGION_RE = re.compile("|".join(sorted(list(PROVINCES) + list(CITIES) + list(_SHORT) + list(_CITY_SHORT),
                                        key=len, reverse=True)))


def find_region(text: str) -> str | None:
    """The province and city named first in text, as written ("浙江省杭州市", "深圳市")."""
    if not text:
        return None
    m = _REGION_RE.search(text)
    if not m:
        return None
    name = m.group(0)
    # Extend with a directly following city or district ("浙江省杭州市西湖区" -> "浙江省杭州市").
    rest = text[m.end():m.end() + 8]
    city = re.match(r"[\u4e00-\u9fff]{2,4}?[市州盟]", rest)
    if name in PROVINCES or name in _SHORT:
        return name + city.group(0) if city else name
    return name
