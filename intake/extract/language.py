"""The user's language: Chinese unless the text is mostly Latin letters; and whether it is neither.

The product speaks Chinese and English. A need written in another language is kept as written, read by the
deterministic path only (no LLM), and the user is told which languages are read (issue 13, bad input).
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Scripts neither Chinese nor English use, with the language each most often means here.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("日本語 / Japanese", re.compile(r"[\u3040-\u30ff]")),
    ("한국어 / Korean", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("Русский / Cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("العربية / Arabic", re.compile(r"[\u0600-\u06ff]")),
    ("ไทย / Thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("हिन्दी / Devanagari", re.compile(r"[\u0900-\u097f]")),
    ("Ελληνικά / Greek", re.compile(r"[\u0370-\u03ff]")),
    ("עברית / Hebrew", re.compile(r"[\u0590-\u05ff]")),
)
# Latin-script languages: a text is one of these when its common function words outnumber English ones.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in {
        "en": "the and of to for in is are we our with need test testing a an on by please",
        "Deutsch / German": "der die das und ist wir unsere mit für nicht ein eine von zu bitte",
        "Français / French": "le la les et est nous notre avec pour des une un du de sur besoin",
        "Español / Spanish": "el la los las y es nosotros nuestra con para una un del de necesitamos",
        "Português / Portuguese": "o a os as e é nós nossa com para uma um do da precisamos",
        "Italiano / Italian": "il la gli e è noi nostra con per una un del della abbiamo",
        "Tiếng Việt / Vietnamese": "của và là chúng tôi cần với cho một các được",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str:
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    return "en" if words >= 3 and cjk < words else "zh"


def unsupported_language(text: str) -> str | None:
    """The language a text is written in when it is neither Chinese nor English, else None.

    Japanese kanji are CJK, so kana decide Japanese; a Chinese text quoting a few foreign words stays Chinese.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    cjk = len(_CJK.findall(text))
    for name, script in _SCRIPTS:
        count = len(script.findall(text))
        if count >= 3 and count >= 0.2 * len(letters) and (name.startswith("日本語") or count > cjk):
            return name
    if cjk >= 0.3 * len(letters):
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 4:
        return None
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    if best != "en" and scores[best] >= 2 and scores[best] > scores["en"]:
        return best
    return None


# Traditional characters (繁體) read as their simplified forms, one character for one, so that a span read on the
# simplified text is the same span of the original. A need from a Taiwan- or Hong Kong-invested plant typed in
# traditional characters ("工廠在東莞塘廈", "希望兩週內完成", "預算大約三萬人民幣") read no region, no deadline and no
# budget, and its product was "無線射頻" (the twelfth probe, p123): every rule is written in simplified characters.
# The common characters of business, testing, places and numbers; a character both scripts use alike is not here
# (乾, 著, 瞭, 隻 stay as typed).
_TRADITIONAL = (
    "萬億兩週個們這爲為於與產業廠導電氣機車輛無線頻測試檢驗質認證報標準設計開發題問術專項範圍價預費錢貨幣"
    "購賣買銷單據條樣處過還進運達遠連邊遲選適後從時間閒關門會來長東廣蘇華灣臺縣區鄉鎮園圖團國際陽陰陸隊險"
    "顯頭體髮麼麗鐵鋼鋁銅鋅鎳錫鏽銹針鍍鑄鍛錶鐘鈑鑽鏈鎖鏡閥閘輪軸輸轉載較輕軟齒龍鳥魚雞飲飯館養餘藥醫療儀"
    "燈熱溫濕滿漢減潤澤濟淨凈濾潔灑紅綠藍黃絲紙細組織經結統絕給網維綜緊縮總績續纖紡級約純納紀練編緣終話說"
    "説請談論讀謝議講調課誤讓詢訊記許識譯謂該詳誠護變語評貴資賓負責貼賴贈員損壞壓擴擇換擔攜搖掃撥揮採衛衝"
    "複製裝補親觀規視覺築簡節籤簽類糧幾廳庫應廢歷曆歲殘沒決況滅烏煙爐牆獨獲穫環現畢異當疊盡儘監盤碼確礎禮"
    "種稱穩積窮競筆腦膚臉舊艙藝葉號蟲裡裏見覽訂訴診譽讚贊豐賽趕跡蹟踐躍軍農郵鄰醬釋鈣鉛銀鋪錯錄鍵鎂閉閃陳"
    "隨隱雙雜難雲靈靜韓順須領顏願風飛飽馬驅鬆麥點黨齊戶啟啓徑復態憑慮擬參嚴圓執場塊塗塵墊壽夠夢奪奮婦孫學"
    "寧實寫寬寶將尋對屆層屬島峽嶺幹張強彈彎徵徹恆惡愛慣憂懷戰擁擊擋擾攝敗敵數斷暫書極構槍樂樓樹橋檔權歡漲"
    "滬滯濃煉燒營爭牽狀獎盜礦禍稅篩絡絨綁綱緒緩緯縫繩繪繼罰職聯聲聽脫膠興舉莊蓋蘭虧蝕訪詞誌誰諮謀謹譜貢貿"
    "賀賠贏趨蹤軌輔輯輻辦辭迴遞遙遷遺邏鄭釐鈍鈕鋒鋸錐錦鍋鎢鏟鑑鑒閱闆闊隸雖離霧韌頁頂頸顆額顧颱飄餅騷驚髒"
    "鬥鬧魯鮮鹽麵黴齡別劃動務勞勢勵協卻厲叢吳嗎嘗噴囑堅壯夥奧審帶幫慶懇戲掛搶攤敘晉暢曉歐歸殼毀沖洩滲漁澆"
    "烴瓊畫礙窩籃粵紋緻繞纏義習聖聞聰腳膽臨莖蔥蓮薦蘋虛褲觸託註諾貝財販貫賬遊違邁釘鉗鉤頓飾饋駐鋰鈷錳鈦鉻"
    "鉬銲纜螢崗瀾鳳崑廈瀋蕪揚蕭閔匯彙楊綿贛濰陝肅遼爾濱鄲滄內僅優傳備儲債傷側倉倫係兒並併佈剛創劍勁匱厭嚮"
    "噸壩奬屜廟廚彥徠悅惱愜慚憤懸懶擠擺攬敎檯欄氫氬淚淺渦湊溝滾漿潛澀濁濺瀝灘爛牘犢猻獄瑣甕痠瘡癢皚盞睏矯"
    "硃碩磚礪禪稜穌窺竄箏篤簍糾紮絞綢緝縱繃繭罈羅翹聳脹膩臟艦芻蔣薑蘆蝦螞蠟襯覓訓訟詐誇誘諸謊謠譴豬貓賜賤"
    "賦賺贓趙軋輾轟辯鄒醞釀鈔鈴鉅銜銳鋇錘錨鍊鍬鎔鏢鐮鑰閣閩闖隴雋靂韋韻頌頒頗頰頹顫飢餓餚饅駕駛騎騙驟骯鬍"
    "鬱鯉鴨鵝鶴鷹麩黷鼴齣龜"
)
_SIMPLIFIED = (
    "万亿两周个们这为为于与产业厂导电气机车辆无线频测试检验质认证报标准设计开发题问术专项范围价预费钱货币"
    "购卖买销单据条样处过还进运达远连边迟选适后从时间闲关门会来长东广苏华湾台县区乡镇园图团国际阳阴陆队险"
    "显头体发么丽铁钢铝铜锌镍锡锈锈针镀铸锻表钟钣钻链锁镜阀闸轮轴输转载较轻软齿龙鸟鱼鸡饮饭馆养余药医疗仪"
    "灯热温湿满汉减润泽济净净滤洁洒红绿蓝黄丝纸细组织经结统绝给网维综紧缩总绩续纤纺级约纯纳纪练编缘终话说"
    "说请谈论读谢议讲调课误让询讯记许识译谓该详诚护变语评贵资宾负责贴赖赠员损坏压扩择换担携摇扫拨挥采卫冲"
    "复制装补亲观规视觉筑简节签签类粮几厅库应废历历岁残没决况灭乌烟炉墙独获获环现毕异当叠尽尽监盘码确础礼"
    "种称稳积穷竞笔脑肤脸旧舱艺叶号虫里里见览订诉诊誉赞赞丰赛赶迹迹践跃军农邮邻酱释钙铅银铺错录键镁闭闪陈"
    "随隐双杂难云灵静韩顺须领颜愿风飞饱马驱松麦点党齐户启启径复态凭虑拟参严圆执场块涂尘垫寿够梦夺奋妇孙学"
    "宁实写宽宝将寻对届层属岛峡岭干张强弹弯征彻恒恶爱惯忧怀战拥击挡扰摄败敌数断暂书极构枪乐楼树桥档权欢涨"
    "沪滞浓炼烧营争牵状奖盗矿祸税筛络绒绑纲绪缓纬缝绳绘继罚职联声听脱胶兴举庄盖兰亏蚀访词志谁咨谋谨谱贡贸"
    "贺赔赢趋踪轨辅辑辐办辞回递遥迁遗逻郑厘钝钮锋锯锥锦锅钨铲鉴鉴阅板阔隶虽离雾韧页顶颈颗额顾台飘饼骚惊脏"
    "斗闹鲁鲜盐面霉龄别划动务劳势励协却厉丛吴吗尝喷嘱坚壮伙奥审带帮庆恳戏挂抢摊叙晋畅晓欧归壳毁冲泄渗渔浇"
    "烃琼画碍窝篮粤纹致绕缠义习圣闻聪脚胆临茎葱莲荐苹虚裤触托注诺贝财贩贯账游违迈钉钳钩顿饰馈驻锂钴锰钛铬"
    "钼焊缆萤岗澜凤昆厦沈芜扬萧闵汇汇杨绵赣潍陕肃辽尔滨郸沧内仅优传备储债伤侧仓伦系儿并并布刚创剑劲匮厌向"
    "吨坝奖屉庙厨彦徕悦恼惬惭愤悬懒挤摆揽教台栏氢氩泪浅涡凑沟滚浆潜涩浊溅沥滩烂牍犊狲狱琐瓮酸疮痒皑盏困矫"
    "朱硕砖砺禅棱稣窥窜筝笃篓纠扎绞绸缉纵绷茧坛罗翘耸胀腻脏舰刍蒋姜芦虾蚂蜡衬觅训讼诈夸诱诸谎谣谴猪猫赐贱"
    "赋赚赃赵轧辗轰辩邹酝酿钞铃巨衔锐钡锤锚链锹熔镖镰钥阁闽闯陇隽雳韦韵颂颁颇颊颓颤饥饿肴馒驾驶骑骗骤肮胡"
    "郁鲤鸭鹅鹤鹰麸黩鼹出龟"
)
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def simplified(text: str) -> str:
    """The text with its traditional characters in their simplified forms (the same length; the rest as typed)."""
    return text.translate(_TO_SIMPLIFIED)
