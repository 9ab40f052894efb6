"""Write ``accounts/data/common_passwords.txt``: the passwords people pick first, built from well-known patterns.

Nothing is downloaded: the list is generated from digit runs, keyboard walks, repeated characters, common English
and pinyin words with the suffixes people add (years, ``123``, ``520``, ``1314``, ``!``). It is deterministic, so
running it again gives the same file; run it after changing the patterns and commit both.

    python scripts/common_passwords.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "accounts" / "data" / "common_passwords.txt"
MIN_LENGTH = 6  # the policy wants 8; shorter entries stay so the file also reads as a plain list of bad choices

WORDS = [
    # English, and the product's own world
    "password", "passw0rd", "p@ssw0rd", "p@ssword", "pass", "iloveyou", "admin", "administrator", "welcome",
    "monkey", "dragon", "football", "baseball", "basketball", "letmein", "master", "sunshine", "princess", "shadow",
    "superman", "batman", "michael", "trustno1", "qwerty", "abc", "test", "tester", "root", "login", "hello",
    "freedom", "whatever", "starwars", "computer", "internet", "secret", "changeme", "default", "guest", "user",
    "love", "lovely", "angel", "summer", "winter", "spring", "autumn", "flower", "apple", "banana", "orange",
    "cheese", "chocolate", "cookie", "soccer", "hockey", "killer", "pokemon", "naruto", "jordan", "hunter",
    "charlie", "daniel", "jessica", "ashley", "thomas", "george", "purple", "yellow", "silver", "golden",
    "system", "server", "manager", "service", "office", "company", "demo", "sample", "example", "innodock",
    "quality", "testing", "center", "centre", "china", "beijing", "shanghai", "shenzhen", "guangzhou", "nanjing",
    "hangzhou", "changzhou", "jiangsu", "zhejiang",
    # pinyin: what Chinese users pick
    "woaini", "woainima", "woaiwojia", "woaiwoziji", "aini", "nihao", "mima", "wodemima", "zhongguo", "xiaoxiao",
    "tiantian", "aiqing", "kuaile", "xingfu", "pingan", "shengri", "laopo", "laogong", "baobei", "qinqin",
    "yiyi", "zhangwei", "wangwei", "wangfang", "liwei", "lina", "zhangmin", "liuyang", "wangjing", "zhangjie",
    "huawei", "xiaomi", "taobao", "alibaba", "baidu", "tencent", "weixin", "wechat", "qq", "shouji", "diannao",
    "jiayou", "fendou", "mengxiang", "yongyuan", "zhiliang", "jiance", "jianyan", "jiliang", "biaozhun",
    "chuangxin", "qiye", "xiehui", "guanli", "guanliyuan", "ceshi", "yanshi",
]

# The words people most often end with a year get every year; the rest get the common suffixes only.
YEAR_WORDS = ["password", "admin", "welcome", "iloveyou", "qwerty", "woaini", "love", "summer", "winter", "spring",
              "autumn", "china", "beijing", "shanghai", "zhongguo", "baobei", "laopo", "laogong", "monkey", "dragon",
              "test", "user", "root", "hello", "abc", "huawei", "xiaomi", "taobao", "qq", "demo", "liwei", "zhangwei",
              "wangfang", "aini", "nihao", "mima", "changeme", "letmein", "master", "football"]
YEARS = [str(y) for y in range(1970, 2036)]
SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "12345678", "!", "1!", "123!", "@123", "#123",
            "!@#", "01", "007", "88", "888", "666", "999", "520", "521", "1314", "5201314", "000", "111", "2"]

KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertyuiopasdfghjkl", "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfv",
            "zaq12wsx", "zaq1xsw2", "1q2w3e4r5t6y7u8i", "q1w2e3r4t5y6", "qweasdzxc", "asdqwe123", "qwer1234",
            "asdf1234", "zxcv1234", "qweasd", "qazwsx", "qazxswedc", "poiuytrewq", "mnbvcxz", "lkjhgfdsa",
            "1qazxsw2", "2wsx3edc", "!qaz@wsx", "1qaz!qaz", "qwe123", "qwe123456", "asd123", "asd123456",
            "zxc123", "zxc123456", "abcdefgh", "abcdefghijk", "abcd1234", "abc123", "abc12345", "abc123456",
            "a123456", "a1234567", "a12345678", "a123456789", "aa123456", "aaa123456", "qq123456", "q1234567",
            "1234qwer", "123qwe", "123qweasd", "123qweasdzxc", "123abc", "1234abcd", "12345abc", "iloveu"]


def digit_runs() -> set[str]:
    out: set[str] = set()
    for run in ("12345678901234567890", "09876543210987654321", "98765432109876543210", "01234567890123456789"):
        for n in range(MIN_LENGTH, 17):
            out.add(run[:n])
    for unit in ("12", "123", "1234", "520", "1314", "5201314", "147", "258", "369", "159", "753", "112233",
                 "123321", "654321", "110", "119", "120"):
        for times in range(1, 6):
            text = unit * times
            if MIN_LENGTH <= len(text) <= 16:
                out.add(text)
    out.update({"5201314", "1314520", "52013140", "147258369", "159753", "159357", "7758521", "123654",
                "147852369", "19491001", "11223344", "12344321", "1234554321"})
    return out


def repeated() -> set[str]:
    out: set[str] = set()
    for ch in "0123456789abcdefghijklmnopqrstuvwxyz":
        for n in range(MIN_LENGTH, 17):
            out.add(ch * n)
    for unit in ("ab", "abc", "qq", "aa", "xx", "zz", "ha", "hehe", "haha", "xixi", "lala"):
        for times in range(2, 9):
            text = unit * times
            if MIN_LENGTH <= len(text) <= 16:
                out.add(text)
    return out


def words() -> set[str]:
    out: set[str] = set()
    for word in WORDS:
        for suffix in SUFFIXES:
            out.add(word + suffix)
    for word in YEAR_WORDS:
        for year in YEARS:
            out.add(word + year)
    return out


def keyboard() -> set[str]:
    out: set[str] = set()
    for walk in KEYBOARD:
        out.add(walk)
        for n in range(MIN_LENGTH, len(walk)):
            out.add(walk[:n])
        out.add(walk + "!")
        out.add(walk + "123")
    return out


def build() -> list[str]:
    everything = digit_runs() | repeated() | words() | keyboard()
    return sorted({w.lower() for w in everything if len(w) >= MIN_LENGTH})


def main() -> None:
    entries = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(entries) + "\n", encoding="utf-8")
    print(f"{len(entries)} entries → {OUT}")


if __name__ == "__main__":
    main()
