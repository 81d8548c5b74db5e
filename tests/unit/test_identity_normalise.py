"""Table-driven tests of the identity normalisers, Chinese and English."""

import pytest

from dealgraph.demo.identity_noise import random_credit_code
from dealgraph.ingest.identity import normalise as nz
from dealgraph.ingest.identity.compare import _name_level, _name_levels, name_value
from dealgraph.schema.values import credit_code_valid


@pytest.mark.parametrize("raw, e164", [
    ("13812345678", "+8613812345678"),
    ("+86 138 1234 5678", "+8613812345678"),
    ("0086-138-1234-5678", "+8613812345678"),
    ("8613812345678", "+8613812345678"),
    ("(+86)138 1234 5678", "+8613812345678"),
    ("１３８１２３４５６７８", "+8613812345678"),  # full-width digits
    ("010-62345678", "+861062345678"),
    ("+86 (0)10 6234 5678", "+861062345678"),
    ("0755-8765 4321 转 808", "+8675587654321"),
    ("+1 415 555 0100", "+14155550100"),
    ("n/a", None),
    ("12", None),
])
def test_phone_e164(raw, e164):
    assert nz.phone_e164(raw) == e164


@pytest.mark.parametrize("raw, norm", [
    ("Zhang.Wei@Huawei.COM", "zhang.wei@huawei.com"),
    ("zhangwei+crm@qq.com", "zhangwei@qq.com"),
    ("Zhang.Wei+news@googlemail.com", "zhangwei@gmail.com"),
    ("mailto:<li.na@pm.me>", "li.na@proton.me"),
    ("李娜＠163.com", "李娜@163.com"),  # full-width at sign, internationalised local part
    ("not an email", None),
])
def test_email(raw, norm):
    assert nz.email(raw) == norm


@pytest.mark.parametrize("raw, hanzi, pinyin", [
    ("张伟", "张伟", "zhang wei"),
    ("张伟 先生", "张伟", "zhang wei"),
    ("单雄信", "单雄信", "shan xiong xin"),  # surname reading, not dan
    ("欧阳娜娜", "欧阳娜娜", "ou yang na na"),
    ("Zhāng Wěi", "zhang wei", "zhang wei"),
    ("Mr. John  SMITH", "john smith", "john smith"),
    ("O'Brien-Smith, Mary", "o brien smith mary", "o brien smith mary"),
])
def test_person_name(raw, hanzi, pinyin):
    assert nz.person_name(raw) == (hanzi, pinyin)


@pytest.mark.parametrize("a, b, at_least, at_most", [
    ("张伟", "张伟", 7, 7),
    ("张伟", "章伟", 5, 5),        # IME homophone: same pinyin, weaker than cross-script
    ("张伟", "Zhang Wei", 6, 6),   # hanzi vs pinyin
    ("张伟", "Wei Zhang", 6, 6),   # western order
    ("张伟", "zhangwei", 6, 6),    # no space
    ("张伟", "张玮琪", 1, 1),       # a different hanzi name is a different person
    ("zhang wei", "zhang wie", 4, 4),  # one typo
    ("张伟", "David Zhang", 2, 2),  # English given name, same surname
    ("Kevin Sun", "sunhao", 2, 2),  # surname glued to the given name
    ("杨敏玲", "minlingyang", 6, 6),  # given name first, no space
    ("欧阳娜娜", "Nana Ouyang", 6, 6),  # compound surname
    ("张伟", "李娜", 1, 1),
])
def test_name_levels(a, b, at_least, at_most):
    pa, pb = nz.person_name(a), nz.person_name(b)
    va, vb = name_value(*pa), name_value(*pb)
    assert at_least <= _name_level(va, vb) <= at_most
    assert _name_levels([va, vb], [vb, va]).tolist() == [_name_level(va, vb)] * 2


@pytest.mark.parametrize("raw, core, latin", [
    ("华为技术有限公司", "华为", "huawei"),
    ("深圳市华为技术有限公司", "华为", "huawei"),
    ("华为", "华为", "huawei"),
    ("Huawei Technologies Co., Ltd.", "huawei", "huawei"),
    ("阿里巴巴（中国）网络技术有限公司", "阿里巴巴", "alibaba"),
    ("Alibaba Group Holding Limited", "alibaba", "alibaba"),
    ("北京字节跳动科技有限公司", "字节跳动", "zijietiaodong"),
    ("Siemens AG", "siemens", "siemens"),
    ("Robert Bosch GmbH", "robert bosch", "robertbosch"),
    ("Apple Inc.", "apple", "apple"),
    ("上海浦东发展银行股份有限公司", "浦东发展银行", "pudongfazhanyinhang"),
])
def test_company(raw, core, latin):
    assert nz.company(raw) == (core, latin)


@pytest.mark.parametrize("code, valid", [
    ("91350100M000100Y43", True),   # published example code
    ("91110000600037341L", True),
    ("91110000600037341X", False),  # wrong check character
    ("91350100M000100Y4", False),   # 17 characters
    ("91350100M000100I43", False),  # I is not in the alphabet
    ("", False),
])
def test_credit_code_checksum(code, valid):
    assert credit_code_valid(code) is valid
    assert (nz.credit_code(code) is not None) is valid


def test_generated_credit_codes_are_valid_and_transpositions_are_caught():
    import random

    rng = random.Random(3)
    for _ in range(200):
        code = random_credit_code(rng)
        assert credit_code_valid(code)
        swapped = code[:5] + code[6] + code[5] + code[7:]
        if swapped != code:
            assert not credit_code_valid(swapped)


@pytest.mark.parametrize("raw, iso", [
    ("1990-03-07", "1990-03-07"), ("1990/3/7", "1990-03-07"), ("1990年3月7日", "1990-03-07"),
    ("07/03/1990", "1990-03-07"), ("19900307", "1990-03-07"), ("03/25/1990", "1990-03-25"),
    ("1990-02-30", None), ("unknown", None),
])
def test_birth_date(raw, iso):
    assert nz.birth_date(raw) == iso


@pytest.mark.parametrize("raw, norm", [
    ("12 Oak St.", "12 oak street"), ("12 OAK STREET", "12 oak street"), ("北京市海淀区 中关村大街 1 号", "北京市海淀区中关村大街1号"),
])
def test_address(raw, norm):
    assert nz.address(raw) == norm
