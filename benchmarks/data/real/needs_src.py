# Staging for needs.jsonl / qrels.jsonl. Texts are the enterprises' own words, trimmed (title + description);
# relevance was assigned by reading each need against providers.jsonl (see LABELLING.md) before any matcher run.
ZB = ("https://github.com/sbx0/Zhibei/blob/b6b78362f4397dc2e62767f8edfc27d2e3323910/src/main/resources/api/technical_requirements_data_source_part_1.json",
      "企业技术需求清单（技术交易平台公开需求，sbx0/Zhibei 抓取存档 technical_requirements_data_source_part_1.json）")
TEX5 = ["rp-ha-cotton", "rp-xy-cotton-down", "rp-jx-textile", "rp-cq-apparel", "rp-cz-textile-platform"]
N = []
def n(id, text, rel, src=ZB, category="enterprise_list"):
    N.append(dict(id=id, category=category, lang="zh", text=text, relevance=rel, source_url=src[0], source_title=src[1]))
def all1(ids): return {i: 1 for i in ids}

n("rn-001", "LED手电筒红外开关改进：现有产品中手电筒的开关是机械式，非常容易损坏，导致接触不良。现在需求一种技术，需要设计一款红外控制的LED手电筒。", {})
n("rn-002", "防起球的工艺改进：对于针织产品都存在容易起球的问题，尤其是围巾，在与衣服之间产生摩擦过程中容易起球。现寻求一种技术，可以在防止或者减少围巾上的起球，从而保证围巾的美观。", all1(TEX5))
n("rn-003", "LED升压恒流驱动的电路：LED一般都采用串联电阻限流供电的驱动方法，电能没有被充分的利用，在电量下降时LED灯的亮度就会随之下降。现在需求一种技术，保证LED灯的恒流供电，同时保持亮度不变。", {})
n("rn-004", "轴承零部件制造工艺：钢球加工过程需要进行热处理，热处理是钢球加工的关键技术。预期效果：通过热处理工艺的改进，使钢球的组织和性能更加均匀，批钢球硬度散差在1HRC以内。现有基础：现有热处理技术，批钢球硬度散差可达到1.5HRC以内。", {"rp-xc-bearing": 2, "rp-lc-bearing": 1})
n("rn-005", "大型结构件焊接自动化技术：客车车架总成产品结构件、铁路电气化用结构件由钢板、方管、圆管焊接而成。需求满足平、横、立三种焊接位置，焊缝探伤级别达到NB/T47013.3 2级，可由三维图型直接生成程序，自动跟踪焊缝。", {})
n("rn-006", "汽车氢气循环泵：目前汽车循环泵上的齿轮箱内是密封加油转动，会有漏油情况发生，希望能无油转动，且使用周期在12000小时以上，防护等级IP67；泵上的电机需达到24V、700W左右，规格体积要小，成本在1200元以内。", {"rp-sd-nev": 1, "rp-gd-evdrive": 1})
n("rn-007", "养殖恒温恒湿机设计开发需求：机组具有制冷、制热及除湿功能，能够根据禽畜养殖过程中设定的温度和湿度进行切换；采用具有节能效果的方式进行机组的设计；通过PLC进行控制。", {"rp-ha-refrigeration": 1})
n("rn-008", "降解塑料生物降解技术：技术指标符合全生物降解农用地面覆盖薄膜国家标准（GB/T35795-2017），厚度极限偏差±0.001mm，拉伸负荷纵向3.1N、横向2.5N，断裂伸长率纵向420%、横向660%，直角撕裂负荷纵向1.1N、横向1.3N，降解率达到95%。", {"rp-jl-biodegradable": 2, "rp-bj-plastics": 2})
n("rn-009", "扬声器生产技术质量控制技术：针对目前扬声器大批量生产过程中产品技术指标的测量及其统计的困难，本厂提出了一种扬声器装配过程中计算机辅助测量系统，可以对产品的质量给予准确的统计分析，并能对工艺参数的离散性进行综合的评价。", {"rp-zj-electroacoustic": 2})
n("rn-010", "纺织类棉花纤维、纱线的检测（纺纱基础知识和技能）。", {"rp-ha-cotton": 2, "rp-xy-cotton-down": 2, "rp-jx-textile": 1, "rp-cq-apparel": 1, "rp-cz-textile-platform": 1})
n("rn-011", "牛仔面料的相关物理指标和染化料的相关检测的研究合作。", {"rp-ha-cotton": 2, "rp-cq-apparel": 2, "rp-jx-textile": 2, "rp-cz-textile-platform": 2, "rp-xy-cotton-down": 1})
n("rn-012", "牛仔面料的工艺、纤维测试、染色等相关知识的培训。", {"rp-jx-textile": 2, "rp-xy-cotton-down": 2, "rp-cz-textile-platform": 1, "rp-ha-cotton": 1, "rp-cq-apparel": 1})
n("rn-013", "猕猴桃防冻技术引进：遇到天气寒冷，猕猴桃减产。", {})
n("rn-014", "水果蜂蜜微生物不流失及达到一定时间保质期的一种工艺：把各式各样的水果浸透蜂蜜中，既要保持水果的新鲜又要保持蜂蜜微生物的不流失，其中不能用防腐剂等添加剂。", {"rp-zz-lightfood": 1})
n("rn-015", "有机水溶肥检测室组建：目前有机水溶肥生产设备已获得国家专利，预成立有机水溶肥检测室，需要解决检测室组建问题，相关设备、技术、人力要求，希望得到专家的技术指导。", {"rp-hc-agri": 2, "rp-xn-public-testing": 1})
n("rn-016", "测土配方施肥技术：通过测土来掌握设施栽培地块的肥力情况；根据不同作物对肥料的需求规律和不同地块肥力进行科学配方，严控化肥的用量，改善土壤环境。", {"rp-hc-agri": 2})
n("rn-017", "病害技术需求：希望能跟科研院校合作，对草莓种苗和大田移栽后整个草莓生长周期里的病害加以研究，通过科学的手段把病原找出来，例如炭疽病和枯萎病病状类似很难区分。", {})
n("rn-018", "环境监测物联网装备与系统：通过常用无线物联网传输协议，将气体探测器检测到的气体浓度指标收集传输到后端系统，指标包括浓度、工作状态、报警信息、传感器工作状态、寿命、无线信号强度、设备电池电量等。", {"rp-qd-envmon-met": 1, "rp-sh-sqi-fire": 1})
n("rn-019", "两轮电助力智能自行车的一体式中轴动态力矩传感器：力矩感测范围>80N.m；力矩灵敏度40mV/N.m；一周速度变化量32脉冲；非接触式电磁感应，使用寿命延长。", {"rp-nim": 1, "rp-sh-simt": 1})
n("rn-020", "冰箱中隔板改良技术：冰箱业界普遍采用的隔板技术破损率较高，隔板厚度太大。需要一种冰箱中隔板改良技术，降低内胆材料用量、提升成品率，并扩大内部容积空间。", {"rp-ha-refrigeration": 1})
n("rn-021", "摇臂钻旋转工作盘的开发：应用模具、模架、板件零件加工，翻板速度低于0.5m/s，载重量大于1.0T，使用气压运动，翻板角度90度加旋转360度，效率提高30%以上。", {})
n("rn-022", "水泵轴向力自平衡装置：立式多级离心泵运行时叶轮进出水前后有压力差，轴向力主要由电机轴承承受，很容易造成电机轴承损坏。需求水泵轴向力自平衡装置，使整个转子达到受力均衡。", {})
n("rn-023", "高效工业废气净化装置：现有装置过滤颗粒性污染物时滤网易被堵塞，存在除硫不彻底、活性炭随细小颗粒物排放的现象。现需求一种能够彻底净化工业废气、延长使用寿命的新型工业废气净化装置。", {"rp-sx-envequip": 1})
n("rn-024", "寻找大断面型材性能提升技术：生产直径400mm以上的球墨铸铁型材时，心部石墨形态容易出现变异，石墨数量偏少，边缘二级90%的球化率到了心部会变成四级75%左右，需要提升晶粒均匀度、细化结晶组织。", {})
n("rn-025", "寻找食品级塑料件异味处理技术：与饮用水接触的塑件，注塑加工后会有一定的异味，影响用户使用；应用领域为家用饮水机、热水器等，本公司现有人员技术能力和设备条件不能快速解决。", {"rp-hn-foodcontact": 2, "rp-bj-plastics": 1})
n("rn-026", "一种无线烟感器测试系统及方法：目前无线烟感器各项功能无法自动测试，存在操作人员重复动作和人眼观察记录的不足。急需对无线烟感探测器各项功能及报警状态的自动检测和准确检测的系统，逐步检测各工作点电压、电流，自动控制释放烟雾使烟感探头触发报警。", {"rp-sy-fire-electronics": 2, "rp-sh-sqi-fire": 2})
n("rn-027", "一种适用于敏感肌肤人群使用的彩妆：急需开发适合敏感肌肤人群尤其是儿童使用的彩妆。指标：防腐挑战试验接种铜绿假单胞菌、金黄色葡萄球菌、白色念珠菌等后14天及28天合格；加速稳定性测试后无变化；有害物质检测符合《化妆品安全技术规范》；敏感性试验受试者长期使用后不发生过敏现象。", {"rp-fj-cosmetics": 2})
n("rn-028", "一种脱敏大米蛋白制备方法：近几年经常有我国大米蛋白被检出小麦过敏原（麸质蛋白）的报告，目前急需一种脱敏大米蛋白制备方法，保证大米蛋白中的麸质蛋白含量不超过13ppm。", {"rp-zz-lightfood": 1})
n("rn-029", "一种脱镉大米蛋白制备方法：大米中镉在得到米渣的过程中富集，成为大米蛋白产品中的重金属污染，CAC标准规定谷物中镉最高限量为0.2mg/kg。急需一种脱镉技术，对镉的去除率可达到90%以上。", {"rp-zz-lightfood": 1, "rp-hc-agri": 1})
n("rn-030", "一种脱除大米蛋白中稻瘟灵的方法：使用稻瘟灵超标的米渣作为原材料，造成大米蛋白产品稻瘟灵超标，FDA以疑似含有稻瘟灵为由多次扣留我国食品。急需一种新技术清除90%以上稻瘟灵，并保持大米蛋白的品质。", {"rp-zz-lightfood": 1, "rp-hc-agri": 1, "rp-rz-tea": 1})
n("rn-031", "铁皮石斛原生态栽培方法：需要一种铁皮石斛的原生态栽培方法的技术方案，以及自然遮荫度、光照强度、丛距、空气湿度、温度等数据，确保品种和品质的稳定。", {})
n("rn-032", "口罩金属条技术：在生产口罩时，希望改善口罩生产技术，给予口罩金属条技术指导。", {"rp-sd-protective-textile": 1})
n("rn-033", "麻赛尔纤维床单技术研究：麻纤维抱合力低、刚度大、杂质含量高，练漂质量直接影响染色、印花、后整理质量，需研究麻纤维漂白时如何使漂白效果好、对纤维的损伤小、环境污染小。", {"rp-ha-cotton": 1, "rp-jx-textile": 1, "rp-cz-textile-platform": 1})
n("rn-034", "寻找一种装配式无套筒连接剪力墙结构研究与应用技术：预制装配式无套筒连接剪力墙结构体系的抗震性能及设计方法未有明确资料，大直径钢筋连接在墙板中的应用需试验验证。", {"rp-bj-ctc-building": 1})
n("rn-035", "寻找光伏焊带焊接拉力技术：目前光伏带上的铜镀层加入铅成分是为了提高焊接的拉力，但提倡环保要求无铅，尝试过不添加铅但焊接效果不好，希望找到新的方式来提高焊接拉力。", {"rp-wx-pv": 1, "rp-fj-pv": 1})
n("rn-036", "锂离子电池结构件焊接技术。", {"rp-sd-lithium": 1, "rp-sc-lithium": 1, "rp-grinm-evbattery": 1})
n("rn-037", "寻求生物质石墨烯纤维与纤维混纺纱进行染色的工艺参数和条件：染色工艺参数和条件对于混纺纱同色性和耐洗牢度等有影响，数据复杂、规律多变、筛选困难，急需成熟的染色工艺参数，改善产品的染色品质。", {"rp-cq-apparel": 1, "rp-jx-textile": 1, "rp-js-graphene": 1, "rp-sd-graphene": 1})
n("rn-038", "门板焊接过程中过度氧化出现门角变黑问题：公司主营金属门、防火门、锁具，在生产过程中发现门板焊接过程中会出现过度氧化使门角变黑的问题，急需解决。", {})
n("rn-039", "保温杯内表面的电解替代工艺：不锈钢内胆传统电解方法会产生强酸强碱废料，达不到环保检测要求，急需不锈钢杯内表面电解替代工艺，达到标准排放要求，降低成本。", {"rp-hn-foodcontact": 1})
n("rn-040", "解决正极导线抗腐蚀技术问题：本厂的“汽车电喷甲醇燃油泵”因为甲醇腐蚀性很强而造成正极导线易被腐蚀。", {"rp-sc-autoparts": 1, "rp-zj-autoparts-mech": 1})
n("rn-041", "防鼠咬洗衣机排水管：目前市场上某种添加剂跟人接触后有异味、刺激性强，需要一种无味或无刺激气味的新型材料作为添加剂，同样起到防鼠咬的效果。", {"rp-bj-plastics": 1})
n("rn-042", "要求汽油发电机中二冲程系列排放标准达美国EPA标准。", {})
n("rn-043", "联动生产线上浙贝母工艺研究：目前本公司对于浙贝母传统加工工艺对其质量的影响不够了解，包括浙贝母的特性、各个品种之间的差异、如何判别鲜品浙贝母的质量等。", {})
n("rn-044", "金属家具表面喷涂工艺技术升级：金属表面喷涂工艺技术改造升级。", {"rp-sh-furniture": 1, "rp-cd-furniture": 1, "rp-bj-furniture-env": 1})
n("rn-045", "一种包芯纱类袜子染色、定型后的回弹技术：包芯纱类袜子经染色定型后，50%的产品回弹差、成品平放长，无法达到规格要求，废品多；急需染色配方等方面的技术，使产品合格率达到95%以上。", {"rp-ha-cotton": 1, "rp-jx-textile": 1})
n("rn-046", "竹木复合板生产方法技术：现有技术中的竹木复合板存在翘曲变形大及静曲强度低等问题，急需改进竹木复合板生产方法，使翘曲变形更小，静曲强度更高。", {"rp-ly-panel": 2, "rp-sh-furniture": 1, "rp-cd-furniture": 1, "rp-bj-ctc-building": 1})
n("rn-047", "具有较好耐候性能的木质户外工程材料：户外园艺用品的木质材料耐候性不强，容易腐朽，表观硬度低和静曲强度低；寻求耐候性能好、表观硬度和静曲强度极佳的木质户外工程材料。", {"rp-ly-panel": 1, "rp-bj-ctc-building": 1})
n("rn-048", "汽车隔音垫技术：现有的汽车脚垫没有吸音的功能或吸音效果很差，无法有效减小汽车运转时从车底传递上来的噪音，需要设计一种中空的汽车隔音垫。", {"rp-sc-autoparts": 1, "rp-zj-autoparts-mech": 1})
n("rn-049", "瓦楞纸箱防潮性能改进技术：目前公司瓦楞纸箱防潮性差，洗水后强度急剧下降，甚至破烂，需求一种瓦楞纸箱防潮性能改进的技术。", {"rp-lz-liquor": 1})
n("rn-050", "陶坛酒灌装问题：坛口口径不一致、导致封盖难，容易漏酒和污染；陶坛形状各异，不便于流水线作业。", {"rp-lz-liquor": 1, "rp-jx-ceramics": 1, "rp-sx-huangjiu": 1})
n("rn-051", "酒瓶机器贴标精度优化的技术：标签接缝处图案对接误差需要控制在1.5mm之内；机器贴标时标签和瓶体之间易产生气泡。", {"rp-lz-liquor": 1})
n("rn-052", "普通玻璃门如何防凝露：我公司产品以小型展示柜为主，单层玻璃在50%的湿度环境下就开始凝露，如果采用LOW-E玻璃成本又增加。", {"rp-ha-refrigeration": 1})
n("rn-053", "电镀废气低成本高效处理技术：电镀废气种类多且处理方式各不相同，收集不完全，现行方法处理成本偏高。", {"rp-sx-envequip": 1})
n("rn-054", "LED散热问题：公司主营电光源、照明灯具及配件、电源设备，在生产过程中发现LED存在散热难的问题，影响设备使用寿命，急需解决。", {"rp-zs-lighting-psp": 1})
n("rn-055", "电机控制器一致性问题：公司生产电机设备过程中发现电机控制器使用寿命差别较大，有的能用好几年，有的几天就出现问题，希望解决电机控制器一致性问题。", {"rp-sh-seari": 1, "rp-gd-evdrive": 1})
n("rn-056", "解决园林工具降低动力排放：园林工具存在动力排放高的难题，希望园林机械达到高效、节能、寿命长、低噪音、清洁的废气排放、无烟和无刺激气味。", {})
n("rn-057", "数控双头铣床切削受力分析：生产过程中的适配轴承选择目前只能凭借经验，会出现错误造成材料浪费，急需切削受力分析作为选择轴承的依据。", {"rp-xc-bearing": 1})
n("rn-058", "铝合金压铸件出现开裂、气孔等缺陷，需要减少材料缺陷的技术（企业专业制造各种车型的气制动元器件：继动阀、手控阀、刹车总泵、离合器助力器）。", {"rp-zj-autoparts-mech": 1, "rp-sc-autoparts": 1})
n("rn-059", "开发锌合金轴套材料如ZA303替代原来的铝青铜轴套，用作煤矿机械轴套，产品寿命可以超过1年。", {"rp-xc-bearing": 1})
n("rn-060", "热加工芯辊寿命提高：芯辊材料H13，使用寿命在1200件左右，不能满足需求。需要芯辊寿命可以达到1万件以上，价格控制在200元/支以内。", {})
n("rn-061", "产品外观缺陷自动识别：采用磁粉探伤法，利用人工目测来识别产品表面缺陷，如裂纹、碰伤等，可靠性低、效率低，目前班产2万件。需求高效分选设备自动识别，班产5万件，设备价格在20万元以内。", {})
n("rn-062", "新型茶叶炒制自动化生产线设计：目前企业采用的自动化生产对茶叶的品质控制存在一定的困难，需求茶叶生产过程中能对茶叶炒制烘焙的时间、温度进行实时监控。", {"rp-fj-tea": 1, "rp-rz-tea": 1})
n("rn-063", "抗病毒化学药品相对生物利用度检测服务。", {})
n("rn-064", "寻求抗即冷即热耐疲劳特种合金：高温500℃加热30秒、常温水冷却30秒为一周期，耐即冷即热20万次周期，厚度3.5mm的金属材料面不变形、不裂爆。", {})
n("rn-065", "木薯厌氧酒糟制备有机肥关键技术的研究：原料含较高的木质纤维素组分不容易直接被微生物发酵，需要开发效果好、低成本的预处理技术，提高发酵效率，缩短发酵时间。", {"rp-hc-agri": 1})
n("rn-066", "尾气处理用去除二噁英技术：国家出台《火葬场大气污染物排放标准》（GB13801-2015），现有技术对焚烧过程中产生的二噁英去除效果不够理想，需要以最低的成本达到更好的去除效果，处理达标后再排放。", {"rp-sx-envequip": 1})
n("rn-067", "性能稳定能延长其防腐使用寿命的防腐涂料：公司钢铝复合散热器内壁采用防腐涂料，使用一年后或放置一年后内壁有脱落现象，或是漆膜与内壁之间有空隙，需求性能稳定、符合环保要求的防腐涂料。", {"rp-bj-ctc-building": 1})
n("rn-068", "动力用铅酸蓄电池包装线自动化生产技术的提高：目前包装线为手工半自动流水线，人工打盖片、手工测试电压、手工装箱，流程多、用工多、生产效率低，需要提高蓄电池包装工序的自动化程度。", {"rp-zj-storagebattery": 1})
n("rn-069", "高比能量锂电池开发：单体电芯能量密度300~350wh/kg，循环寿命1500次；补锂技术开发、锂金属负极改性、电池安全性问题（重点是热失控）。", {"rp-grinm-evbattery": 2, "rp-sd-lithium": 2, "rp-sc-lithium": 2, "rp-gz-nev-battery-lab": 2, "rp-zj-storagebattery": 1, "rp-gd-evdrive": 1})
n("rn-070", "高速列车减震橡胶制品的研发：现通用的橡胶密封条在高温条件下气味只能达到3.5级别（VDA270），需要技术升级，不但需要满足阻燃及其他环保要求，还必须使其气味达到23℃/24h≤2.0的标准。", {"rp-rail-mech-met": 1, "rp-sd-rail-met": 1})
n("rn-071", "氢燃料电池汽车关键系统及零部件开发：动力系统多电源多目标优化匹配以及协调控制研究；突破整车集成、电驱动系统控制、低成本储氢以及氢-电安全等技术；研究动力系统匹配设计、集成测试与试验验证方法。", {"rp-sd-nev": 1, "rp-gd-evdrive": 1})
n("rn-072", "优化钛酸锂电池研发与石墨烯多元钛酸锂电池性能技术：急需研发技术人才和建立一条由制浆机、涂布机、辊压、叠片、热封机、手套箱、电性能检测等设备组成的研发试验线。", {"rp-grinm-evbattery": 1, "rp-sd-lithium": 1, "rp-sc-lithium": 1, "rp-gz-nev-battery-lab": 1, "rp-sd-graphene": 1})
n("rn-073", "副产磷石膏无害化处理及综合利用技术：公司采用二水法湿法磷酸工艺生产磷酸，每年副产二水磷石膏约170万吨，磷石膏残磷含量高，利用价值低，长期堆存污染环境。", {"rp-bj-ctc-building": 1})
n("rn-074", "组合椅的连接件：现有分离式椅子连接件由榫头部件和卯眼部件构成，方便靠背安装以及拆卸，但不能满足椅背与椅座之间的角度调整。如何加以改进？", {"rp-sh-furniture": 1, "rp-cd-furniture": 1})
n("rn-075", "设计一种儿童爬行垫：现在的爬行垫大部分玩法单一，寻求有不同体验效果的儿童爬行垫，如采用控制的LED灯形式或者声控形式。", {"rp-bj-ciq-toys": 1})
n("rn-076", "燃料电池用超高速电机控制器的研发：转速额定10000rpm、最大12000rpm；功率额定10kW、最大12kW；工作温度-30至105℃。", {"rp-gd-evdrive": 1, "rp-sh-seari": 1})
n("rn-077", "一种用于PE膜卷绕的纸轴：PE膜卷绕的纸轴消耗材料多，且容易在运输和使用中变形、塌陷。急需一种遭受挤压时不易变形和塌陷、原材料消耗减少一半的新型纸轴。", {})
n("rn-078", "不同品种面料新产品研究与开发：在纤维原材料的开发应用上，指导企业更好地适应小批量多品种面料新产品开发。", {"rp-jx-textile": 1, "rp-xy-cotton-down": 1, "rp-cz-textile-platform": 1})
n("rn-079", "关于碳纤维导线的工艺：需要直径0.3毫米左右导电较好的碳纤维导线。", {"rp-gd-cable": 1, "rp-ah-specialcable": 1})
n("rn-080", "寻找直流微电机电焊工艺的新工艺装备：用碳纤维代替传统铜质电刷的研发及产业化；生产过程自动化；直流微电机电焊工艺的新工艺装备。", {"rp-sh-seari": 1})
n("rn-081", "磁疗用永磁体磁源空间磁场分布定量分析及组件设计：如何有效控制应用合理的磁性材料达到产生磁生物学效应最佳空间磁场，项目需要空间磁场的定量分析计算和对应磁组件的设计。", {"rp-nim": 1})
n("rn-082", "高倍率快速自动对焦：显微镜对Panel进行观察测量，倍率放大在500~3000倍，需要1s内完成对焦；运动控制器：龙门横梁跨度约2500mm，直线电机双驱，横梁两侧移动精度一致性小于2um。", {"rp-sx-optomech-met": 1})
n("rn-083", "高效喷淋塔结构设计：现有喷淋塔中的喷头不能转动，即便安装更多喷头也会喷淋不均匀，需求喷淋管道在喷淋过程中可以转动，对废气喷淋更加充分。", {"rp-sx-envequip": 1})
n("rn-084", "需要引进精通现代酿酒技术同时又具有理论知识储备的人（以生产清香型传统白酒原酒为主，经蒸煮、下曲、糖化、半固态自然发酵、蒸馏分段滴酒等工序酿制）。", {})
n("rn-085", "提高储纬器电子控制的稳定性，应用于喷气纺机。", {})
n("rn-086", "自动化3D喷蜡机：饰品开发属于传统工艺，人工无法达到的精细度和精密度，希望通过3D打印数字喷蜡机解决，精密度尺寸能控制到0.01mm。", {})
n("rn-087", "XPE发泡炉节能及自动化控制技术：XPE发泡装置热量损失大，加热不均匀造成材料发泡不均匀，发泡不完全造成产品隔音、隔水、恢复性降低。", {})
n("rn-088", "寻求技术成熟的视觉传感器：希望传感器在可视范围内实时检测罐车口图像，控制器分析罐车口的形状，生成位置坐标输出。", {})
n("rn-089", "含盐、含氨氮废水的处理：我公司目前对含盐、含氨氮的废水采取四效蒸发的处理方式，处理成本较高，需要新的处理技术或者设备。", {})
n("rn-090", "高固含量丙烯酸酯压敏胶研发：高固低黏（≥60%含量、黏度<100cps）；发泡率≤40%；初粘≥18#钢球；持粘≥72h；剥离≥7N。", {})
n("rn-091", "减磨耐磨涂层：高压柱塞泵用零件（柱塞、缸体等）在摩擦副表面喷涂减磨耐磨涂层，降低摩擦系数，提升使用寿命。", {})
n("rn-092", "泡生法蓝宝石晶体的研发：温场材料使用钨钼材料或氧化锆纤维，钨钼材料易损耗、耗电大、寿命短，氧化锆纤维挥发多，需求一种耐高温保温新材料。", {})
n("rn-093", "木板加工过程中的粉尘处理技术：板材打磨过程中会产生大量粉尘，被工人大量吸入身体，寻求木板加工过程中的粉尘处理技术。", {})
n("rn-094", "高效笋干烘干技术：现有烘干设备需要多次翻转笋干，金属制烘干架长时间高温状态会污染笋干，影响口感，寻求一种高效笋干烘干技术。", {})
n("rn-095", "印刷墨色、精度的技术：目前公司印刷品质稳定性不好，印刷墨色深浅不易控制，只能低精度印刷，需要一种墨色均匀高精度的印刷技术。", {})
n("rn-096", "竹制品废水的处理技术：竹子进行漂白与染色后会产生一定的废水，寻求对这一类废水进行处理的技术。", {})
n("rn-097", "CMOS图像传感器的研发：大尺寸（探测有效面积不小于29cm×23cm）；防辐照；分辨率10lp/mm；检测量子效率（DQE）85%以上；可在-40~65℃环境下工作。", {})
n("rn-098", "静脉识别模组的研发：拒真率<0.01%，认假率<0.0001%，提取特征时间<200ms，工作温度-30℃~+70℃。", {})
n("rn-099", "一种新型微波热转换材料、载体及其制备方法：现有微波热转换材料结构成型不易、重量较重、耐高温性不好、热转换效率较低，需要易于成型、绝缘、耐高温且热能转换效率提高20％-30％的新材料。", {})
n("rn-100", "牛仔面料、印染、服装成品等新产品的研发与研究合作。", {"rp-jx-textile": 1, "rp-cq-apparel": 1, "rp-cz-textile-platform": 1})
n("rn-101", "提高保冷保温技术：希望能进一步提高保温保冷技术，提高保冷保暖时间。", {})
n("rn-102", "开发锌合金压铸件之外：共轭凸轮的优化设计；合金材料的技术分析。", {})
n("rn-103", "高效废气处理循环水箱：现有技术中污泥流入循环水箱需要人为打开控制阀门，需求一种不需要人为控制阀门、实现水资源循环利用的高效废气处理循环水箱。", {"rp-sx-envequip": 1})
n("rn-104", "关于电动车轮毂电机控制系统设计：设计一款电动车轮毂电机控制系统、智能化系统。", {"rp-gd-evdrive": 1})
n("rn-105", "寻找更好的施胶材料：目前纸张表面施胶使用淀粉材料，希望有更好的技术替代淀粉施胶，使纸的表面强度更强、抗水性更好，成本差不多。", {})

NEWS_NB = ("http://news.cnnb.com.cn/system/2008/09/21/005790642.shtml", "宁波高新技术成果交易会：企业设摊、专家接题（中国宁波网）")
NEWS_MY = ("http://m.leemnaturals.com/html/2025/news/1/407763.html", "中国（绵阳）科技城中试服务公共平台对接中试需求")
NEWS_DL = ("https://www.stdaily.com/web/gdxw/2025-08/22/content_388709.html", "“连科荟”带着企业真实技术需求对接高校专家（科技日报）")
NEWS_SD = ("https://www.itiger.com/hant/news/2610697260", "山东省质检院打造“1+N”质量基础设施服务模式（中国质量报）")
NEWS_WZ = ("http://hck0371.com/news/detail/136698.html", "温州食品制药机械产业创新服务综合体技术对接")
NEWS_TA = ("https://app.bjtitle.com/8816/newshow.php?did=8187cc5f5f7a41c0b44b403f98505e32&newsid=6204158&typeid=20", "“科创中国”：企业提需求，联络员来帮忙")
n("rn-106", "宁波信泰机械有限公司：企业开发的汽车门框在弯曲成型过程中总是出现变形、起皱、回弹等缺陷，到高交会找专家帮助解决这一难题。", {"rp-zj-autoparts-mech": 1, "rp-sc-autoparts": 1}, NEWS_NB, "docking_news")
n("rn-107", "金田铜业在铜管轧制过程中遇到困惑：轧制设备上自己开发的轧辊使用寿命比外购的寿命要短不少，由于轧辊造价较高，使生产成本居高不下。", {}, NEWS_NB, "docking_news")
n("rn-108", "我公司研制的高精度压力传感仪，需要通过压力检测仪器进行校准与测试。", {"rp-nim": 2, "rp-fj-nim": 2, "rp-zj-nim": 2, "rp-sh-simt": 2, "rp-nb-met": 1, "rp-hz-qtt": 1}, NEWS_MY, "docking_news")
n("rn-109", "我校创新团队已完成实验室级磷酸锆核级树脂小批量生产，未来需建立中试生产线进行试制及造粒放大实验。", {}, NEWS_MY, "docking_news")
n("rn-110", "我公司自主创新的“多元素掺杂共生氧化锌晶须高电导高密度溅射靶材的制备方法及其产品”是否具备中试前景，需要专家“把脉”。", {}, NEWS_MY, "docking_news")
n("rn-111", "圣虹新材料公司拓展海洋工程市场：传统溶剂型涂料环保不达标，普通水性涂料在高温高腐蚀环境下扛不住；技术要求细化为耐150℃高温、盐雾腐蚀1000小时、VOC含量≤100g/L。", {"rp-bj-ctc-building": 1}, NEWS_DL, "docking_news")
n("rn-112", "淄博市周村区、滨州市邹平市电热锅产业：在电气安全和结构安全等方面存在共性质量问题，企业对标准理解不透、生产凭经验，需要在零部件选配、生产工艺、质量控制、产品验收等关键环节进行质量分析与技术优化。", {"rp-sd-sdqi": 2, "rp-zs-appliance-psp": 1, "rp-appliance-met": 1}, NEWS_SD, "docking_news")
n("rn-113", "温州食品制药机械企业：针对食药机械产业关键核心技术、工艺改进和标准制定等方面的痛点难点，在标准制定、产品升级、结构优化、机械密闭等方面寻求专家支持。", {"rp-hz-lightmach-lab": 1}, NEWS_WZ, "docking_news")
n("rn-114", "力博重工科技股份有限公司是一家散料物流输送装备的制造企业：产品要根据用户的需求来研发，碰到技术难题，需要电机设计与控制方面的高层次专家来指导。", {"rp-sh-seari": 1}, NEWS_TA, "docking_news")

# Exact trimmed wording from the sources (replaces shorter drafts above; trimming only, no rewording).
EXACT = {
 "rn-005": "大型结构件焊接自动化技术：现有设备改造。1、客车车架总成产品结构件，常规方管壁厚自1mm至4mm。结构类型：圆弧、框架；2、铁路电气化用结构件。由钢板、方管、圆管焊接而成的框架结构。公司目前需求具体技术指标：1、满足平、横、立三种焊接位置。焊缝探伤级别达到NB/T47013.32级；2、较为简易便捷的使用程序。是否可由三维图型直接生成程序；3、准确的定位系统，可以自动跟踪焊缝。",
 "rn-006": "汽车氢气循环泵：1.目前汽车循环泵上的齿轮箱内是密封加油转动，密封再好还是会有漏油情况发生，希望能无油转动，且使用周期在12000小时以上，防护等级IP67。2.目前泵上的电机还未研发出来，需达到标准为：24V，700W左右，规格体积要小，成本在1200元以内。",
 "rn-008": "降解塑料生物降解技术：技术指标符合全生物降解农用地面覆盖薄膜国家标准（GB/T35795-2017）a.厚度极限偏差：±0.001mm；b.平均厚度偏差：＋2%；f.拉伸负荷：纵向3.1N，横向2.5N；g.断裂伸长率：纵向420%，横向660%；k.直角撕裂负荷：纵向1.1N，横向1.3N；l.降解率达到95%。",
 "rn-019": "两轮电助力智能自行车的骑行感知一体式中轴速度/一体式中轴动态力矩传感器：1.力矩感测范围>80N.m；2.力矩灵敏度40mV/N.m；3.一周速度变化量：32脉冲，50%；4.方向识别：正转有速度脉冲信号变化，反转低电平。9.使用寿命延长，密闭空间、非接触式感应。",
 "rn-021": "摇臂钻旋转工作盘的开发：开发摇臂钻旋转工作盘，应用模具，模架，板件，零件加工，解决加工时上下机时间、翻板安全性能和快捷性能、减少加工周期、效率提高30%以上。技术指标要求：1.翻板的速度低于0.5m/s；2.载重量大于1.0T；3.使用气压运动；4.不用电源。",
 "rn-022": "水泵轴向力自平衡装置：目前，一般立式多级离心泵运行时叶轮进出水前后有压力差，使水泵转子产生向进水向下轴向力。传统的立式多级泵向下的轴向力主要由电机轴承承受，由于叶轮级数多，扬程高，轴向力很大，从而很容易造成电机轴承损坏，进而电机损伤，造成损失。",
 "rn-023": "高效工业废气净化装置：现有的工业废气净化装置在过滤颗粒性污染物时，容易出现滤网被颗粒性污染物堵塞影响气体流通的现象；还会存在除硫不彻底，反应产生的硫化物进入气体中的现象。现需求一种新型工业废气净化装置，能够彻底净化工业废气，能够避免固体杂质堵塞滤网，延长净化装置的使用寿命。",
 "rn-024": "寻找大断面型材性能提升技术：提升大断面型材的晶粒均匀度，细化结晶组织，同时获得石墨细小、数量更多，分布更均匀的理想石墨形态。在生产直径400mm以上的球墨铸铁型材时，其心部石墨形态容易出现变异，石墨数量偏少，边缘二级90%的球化率，到了心部会变成四级75%左右的球化率，因此需要加以改善。",
 "rn-025": "寻找食品级塑料件异味处理技术：解决问题点：与饮用水接触的塑件，注塑加工后会有一定的异味，影响用户使用；应用领域：家用饮水机、热水器等。本公司是专业生产不锈钢厚膜加热管的企业，现有人员技术能力和设备条件不能快速解决以上问题。",
 "rn-026": "一种无线烟感器测试系统及方法：目前，无线烟感器各项功能无法自动测试，测试环境不好，存在操作人员重复动作和人眼观察记录的不足的问题。急需一种对无线烟感探测器的各项功能及报警状态的自动检测和准确检测的系统和方法，能够通过逐步检测各工作点电压、电流，测试中设备自动控制释放烟雾的时间使烟感探头检测到烟雾触发报警，从而来提高检测产品的可靠性和准确性。",
 "rn-027": "一种适用于敏感肌肤人群使用的彩妆：传统彩妆中矿物成分与化学合成原料，给肌肤造成了没必要的损伤，甚至过敏。急需开发适合敏感肌肤人群，尤其是儿童使用的彩妆。具体技术指标：接种铜绿假单细胞菌、金黄色葡萄球菌、白色念球菌、粪大肠菌群、黑曲霉后14天及28天后最终值均小于5.7cfu/g；在-5℃、40℃、45℃加速测试三个月，UV灯测试一周，恢复常温后无变化；有害物质检测符合《中国化妆品安全技术规范》标准；微生物指标符合国际标准；敏感性试验受试者长期使用后不发生过敏现象。",
 "rn-029": "一种脱镉大米蛋白制备方法：大米蛋白是大米的深加工产品，在传统的加工过程中，并不能使镉含量降低，大部分无机型镉富集在米渣中，进一步成为大米蛋白产品中的重金属污染。CAC标准规定的谷物中镉最高限量为0.2mg/kg。急需一种脱镉技术，对镉的去除率可达到90%以上。",
 "rn-030": "一种脱除大米蛋白中稻瘟灵的方法：使用稻瘟灵超标的米渣作为大米蛋白的原材料，直接给大米蛋白产品造成稻瘟灵超标的危害。自2012年以来，FDA以疑似含有稻瘟灵为由，多次扣留我国食品。急需一种新技术，不但能清除90%以上稻瘟灵，还能保证颜色口感佳、不破坏大米蛋白中碱溶蛋白，保持大米蛋白的品质。",
 "rn-031": "铁皮石斛原生态栽培方法：目前需要一种铁皮石斛的原生态栽培方法的技术方案，以及自然遮荫度、光照为漫射光或散射光、光照强度、丛距、场所空气湿度、温度等数据。来确保铁皮石解的品种和品质的稳定。",
 "rn-033": "麻赛尔纤维床单技术研究：麻纤维的抱合力低、刚度大、结晶度高、杂质含量高，麻针织物前处理需烧毛、丝光、煮练和漂白，尤其练漂的质量不仅仅关系到漂白产品成品质量，而且作为半制品，还会直接影响到染色、印花、后整理等质量。因此还需研究对麻纤维漂白时如何使漂白效果好，对纤维的损伤小，品种适应性广，环境污染小等。",
 "rn-034": "寻找一种装配式无套筒连接剪力墙结构研究与应用技术：对于预制装配式无套筒连接剪力墙结构体系，其抗震性能及设计方法，未有明确的资料或同类工程可供参考；大直径钢筋连接技术可避免该类问题，但国内并无针对该问题的相关研究，且该方法在预制装配式无套筒连接剪力墙板中的应用也需试验验证。",
 "rn-039": "保温杯内表面的电解替代工艺：不锈钢内胆处理方式，传统工艺的电解方法，在环保方面会产生一些强酸强碱的废料，达不到环保检测要求，需要统一处理后排放，成本过高，急需不锈钢杯内表面电解替代工艺，改变电解配方，达到标准排放要求，降低成本。",
 "rn-045": "一种包芯纱类袜子染色、定型后的回弹技术：包芯纱类袜子，由两根包纱和两根直丝交织而成，经染色定型后，50%的产品回弹差、成品平放长，无法达到规格要求，废品多。急需一种包芯纱类袜子染色、定型后的回弹技术（染色配方等方面的技术），使产品合格率达到95%以上，每天产量5000双。",
 "rn-049": "瓦楞纸箱防潮性能改进技术：目前公司瓦楞纸箱防潮性差，洗水后强度急剧下降，甚至破烂，需求一种瓦楞纸箱防潮性能改进的技术。",
 "rn-054": "LED散热问题：公司主营电子产品的研究与开发;电光源、照明灯具及配件、电源设备、家用电器、电子元件的研究、开发、制造、销售，在生产过程中，发现LED存在散热难的问题，影响设备使用寿命，急需解决。",
 "rn-055": "电机控制器一致性问题：公司生产电机设备过程中发现电机控制器使用寿命差别较大，有的能用好几年，有的几天就出现问题，影响生产效益，希望能通过各方面调控，解决电机控制器一致性问题。",
 "rn-056": "解决园林工具降低动力排放：公司主营园林工具及配件、电动工具及配件的制造、销售，目前园林工具存在动力排放高的难题，希望使园林机械达到高效、节能、寿命长、功能全、轻量便捷、环保安全。即：低噪音的工作环境，高效率的节能，清洁的废气排放，无烟和无刺激气味。",
 "rn-057": "数控双头铣床切削受力分析：公司生产过程中的适配轴承选择目前只能凭借经验选择，会出现错误的情况，会造成材料的浪费，急需数控双头铣床切削受力分析做为理论依据，用来做为选择轴承的依据，降低材料的损耗、增加生产效益。",
 "rn-058": "铝合金压铸件出现开裂、气孔等缺陷，需要减少材料缺陷的技术。诸暨卡星汽车配件有限公司专业制造各种车型的气制动元器件，产品包括继动阀，手控阀，刹车总泵，离合器助力器等系列产品。",
 "rn-061": "产品外观缺陷自动识别现状：采用磁粉探伤法，利用人工目测来识别产品表面缺陷，如裂纹、碰伤等。可靠性低，效率低，目前班产2万件。需求：高效分选设备自动识别。希望班产5万件，设备价格在20万元以内。",
 "rn-065": "木薯厌氧酒糟制备有机肥关键技术的研究：公司以木薯厌氧酒糟为原料生产有机肥，在实际生产过程中由于原料含较高的木质纤维素组分不容易直接被微生物发酵，导致原料发酵效率跟不上生产进度要求，需要开发出效果好、低成本的预处理技术，提高发酵效率，缩短发酵时间。",
 "rn-066": "尾气处理用去除二噁英技术：殡葬行业尾气的污染问题重视程度日益增强，2015年国家出台《火葬场大气污染物排放标准》（GB13801-2015），而现有技术对尸体焚烧过程中产生的有害物质二噁英去除效果还是不够理想，需要实现以最低的成本达到更好的去除效果，且不产生二次污染。处理达标后再排放。",
 "rn-067": "性能稳定能延长其防腐使用寿命的防腐涂料：公司钢铝复合散热器主要用于北方集中供暖区域，其内壁采用防腐涂料，主要用于延长暖气片的使用寿命。该防腐涂料使用一年后或是放置一年后，内壁有脱落现象，或是漆膜与内壁之间有空隙。公司需求有性能稳定能延长其防腐使用寿命的防腐涂料，符合环保要求。",
 "rn-068": "动力用铅酸蓄电池包装线自动化生产技术的提高：目前我厂使用的包装线为手工半自动流水线，人工打盖片、手工测试电压、自动激光喷码，手工装箱，手工封箱，手工打包，人工码垛。流程多，用工多，生产效率低。本项目主要是为了提高蓄电池包装工序的自动化程度。",
 "rn-070": "高速列车减震橡胶制品的研发：现有技术在解决橡胶制品物理特性上存在短板。现通用的橡胶密封条在高温条件下只能达到3.5级别（VDA270），对乘客健康造成影响，需要进行技术升级，不但需要满足阻燃及其他环保要求，还必须使其气味达到23℃/24h≤2.0的标准。",
 "rn-072": "优化钛酸锂电池研发与石墨烯多元钛酸锂电池性能技术：钛酸锂电池研发难点主要是现急需研发技术人才和建立一条由小型制浆机、涂布机、模切机、辊压、叠片、热封机、手套箱、电性能检测等设备组成研发试验线。再需求钛酸锂电池产品及石墨烯多元钛酸锂电池性能优化技术。",
 "rn-073": "副产磷石膏无害化处理及综合利用技术：该公司采用二水法湿法磷酸工艺生产磷酸，每年副产二水磷石膏大约有170万吨。由于磷石膏残磷含量高，不仅利用价值低，还长期堆存而污染环境。",
 "rn-074": "组合椅的连接件：现有分离式椅子连接件，由榫头部件和卯眼部件构成。虽然方便靠背安装以及拆卸，为靠背提供了力学支撑，但是此连接件还不能满足椅背与椅座之间的角度调整，不能为使用者提供更加舒适的使用环境。如何加以改进？",
 "rn-075": "设计一种儿童爬行垫：现在的爬行垫，大部分都存在着玩法单一的问题，不能引起小孩的兴趣。寻求有不同体验效果的儿童爬行垫，如采用控制的LED灯形式或者声控形式，玩法多样性，可以增加宝宝的运动量。",
 "rn-077": "一种用于PE膜卷绕的纸轴：目前PE膜卷绕的纸轴原产品生产消耗材料多，且容易在运输和使用中变形、塌陷，导致纸轴的浪费数量多。急需一种新型纸轴，遭受挤压时、不易变形和塌陷，在纸轴制作过程中、消耗原材料的数量减少一半。",
 "rn-078": "不同品种面料新产品研究与开发：技术需求主要内容：不同品种面料新产品研究与开发。在纤维原材料的开发应用上，指导企业更好的适应小批量多品种面料新产品开发。",
 "rn-080": "寻找直流微电机电焊工艺的新工艺装备：1、用碳纤维代替传统铜质电刷辩的研发及产业化；2、生产过程自动化；3、人工智能设备的生产、研发；4、直流微电机电焊工艺的新工艺装备。",
 "rn-081": "磁疗用永磁体磁源空间磁场分布定量分析及组件设计：磁健康产品生产过程中，关键技术工艺为磁性材料的研发及对应磁组件的设计，如何有效控制应用合理的磁性材料达到产生磁生物学效应最佳空间磁场。项目设计空间磁场的定量分析计算、对应磁组件的设计。",
 "rn-082": "1、需求名称：高倍率快速自动对焦需求简介：显微镜对Panel进行观察测量，倍率放大在500~3000倍，需要1s内完成对焦，获得清晰图像。2、需求名称：运动控制器研发需求简介：龙门移动结构，横梁跨度约2500mm，直线电机双驱控制，保证横梁两侧移动精度一致性小于2um。",
 "rn-083": "高效喷淋塔结构设计：喷淋塔常用于废气处理设备中，现有技术中的喷头不能够转动，即便是安装更多的喷头也会出现喷淋不均匀的情况。现需求一种高效喷淋塔设计结构，喷淋塔中的喷淋管道在喷淋的过程中可以进行转动，对废气喷淋的更加充分。",
 "rn-084": "需要引进精通现代酿酒技术，同时又具有理论知识储备的人。诸暨市同山高梁酒厂以生产清香型传统白酒原酒为主，经蒸煮、下曲、糖化、半固态自然发酵、蒸馏分段滴酒等多道工序，精心酿制而成。",
 "rn-086": "自动化3D喷蜡机：饰品开发属于传统工艺，基本上属于人工操作，公司希望通过3D打印数字机来解决人工传统工艺提高开发能力和精致度。3D数字喷蜡机能解决打版师傅无法完成的精细度和速度，能解决规范人工无法达到的精密度尺寸能控制到00.1mm。",
 "rn-087": "XPE发泡炉节能及自动化控制技术：目前XPE发泡装置中，热量损失大，造成资源的浪费；加热不均匀，造成材料发泡不均匀；发泡不完全，造成产品的隔音、隔水、恢复性降低等等，因此，寻求XPE发泡炉节能及自动化控制技术。",
 "rn-088": "寻求技术成熟的视觉传感器：公司想要寻求技术成熟的视觉传感器，要求是希望传感器在可视范围内实时检测罐车口图像，控制器分析罐车口的形状，生成位置坐标输出。",
 "rn-090": "高固含量丙烯酸酯压敏胶研发：技术指标：1、高固低黏（≥60%含量、黏度＜100cps）；2、发泡率≤40%；3、PH：6.5-8；4、初粘：≥18#钢球；5、持粘：≥72h；6、剥离率：≥7N。",
 "rn-093": "木板加工过程中的粉尘处理技术：板材在打磨的过程中，会产生大量的粉尘，且在打磨头高速的旋转下，会将粉尘扬起，然后被工人大量的吸入身体内部，影响工人的身体健康。寻求木板加工过程中的粉尘处理技术。",
 "rn-094": "高效笋干烘干技术：现有的笋干烘干设备在进行笋干的烘干工作时，需要多次翻转笋干进行均匀烘干，同时现有的金属制烘干架在长时间的高温状态，使金属分子活跃，从而污染笋干，影响笋干食用时的口感。寻求一种高效笋干烘干技术。",
 "rn-097": "CMOS图像传感器的研发：1、大尺寸（探测有效面积不小于29cm×23cm）；2、防辐照（降低40%以上）；3、分辨率10lp/mm；4、检测量子效率（DQE）85%以上;5、可靠性（可在-40~65℃环境下工作）。",
 "rn-098": "静脉识别模组的研发：1.拒真率（FRR）<0.01%2.认假率（FAR）<0.0001%5.提取特征时间<200ms12.工作温度-30℃~+70℃。",
 "rn-099": "一种新型微波热转换材料、载体及其制备方法：目前微波热转换材料，在制作过程中结构成型不易、重量较重、耐高温性不好、热转换效率较低且不节能。需要一种新型微波热转换材料、载体的制备方法，并能提高约20％-30％的热能转换效率，节能约提高50％。",
 "rn-101": "提高保冷保温技术：技术需求：希望能进一步提高保温保冷技术，提高保冷保暖时间。",
 "rn-102": "1、共轭凸轮的优化设计；2、合金材料的技术分析。",
 "rn-103": "高效废气处理循环水箱：现有技术中污泥在流入到循环水箱时需要通过打开控制阀门才能使得污泥流入到循环水箱，需要定期通过人为进行控制。现需求一种高效废气处理循环水箱，不需要人为控制阀门，实现了水资源的循环利用。",
 "rn-105": "寻找更好的施胶材料：目前使用的施胶是淀粉材料，现在希望有更好的技术能够替代淀粉施胶，提高产品性能，使得纸的表面强度更强、抗水性更好等，成本差不多，如果更低更好。",
 "rn-106": "宁波信泰机械有限公司的技术代表：企业开发的汽车门框在弯曲成型过程中总是出现变形、起皱、回弹等缺陷，因此她到这里找专家帮助解决这一难题。",
 "rn-111": "“传统溶剂型涂料环保不达标，普通水性涂料在高温高腐蚀环境下又‘扛不住’。”圣虹新材料公司正面临拓展海洋工程市场的技术瓶颈；“防腐性能强”等模糊的技术要求，细化为耐150℃高温、盐雾腐蚀1000小时、VOC含量≤100g/L等清晰的技术指标。",
 "rn-112": "淄博市周村区、滨州市邹平市是山东省具有地方特色的电热锅产业聚集区，通过风险监测与缺陷调查，发现在电气安全和结构安全等方面存在共性质量问题。“之前我们对标准理解不透，生产凭经验。”",
 "rn-113": "针对食药机械产业关键核心技术、工艺改进和标准制定等方面的痛点难点，各企业家在标准制定、产品升级、结构优化、机械密闭等方面向与会专家进行深入交流。",
 "rn-114": "力博重工科技股份有限公司是一家散料物流输送装备的制造企业。“我们的产品，不少要根据用户的需求来研发，碰到技术难题，要是能有高层次专家来指导就好了。”（对接电机设计与控制专家）",
}
for x in N:
    if x["id"] in EXACT:
        x["text"] = EXACT[x["id"]]
EXACT2 = {
 "rn-042": "要求汽油发电机中二冲枪系列排放标准达美国EPA标准。",
 "rn-107": "金田铜业在铜管轧制过程中也遇到了困惑，轧制设备上自己开发的轧辊使用寿命比外购的寿命要短不少，由于轧辊造价较高，使生产成本居高不下。",
 "rn-114": "力博重工科技股份有限公司是一家散料物流输送装备的制造企业。“我们的产品，不少要根据用户的需求来研发，碰到技术难题，要是能有高层次专家来指导就好了。”力博重工联系上了电机设计与控制专家。",
}
for x in N:
    if x["id"] in EXACT2:
        x["text"] = EXACT2[x["id"]]

# English subset: this project's own translations of 32 of the needs above (marked translated), same labels.
EN = {
 "rn-004": "Bearing part manufacturing process: steel balls must be heat treated, the key step in ball making. Goal: improve the heat treatment so the microstructure and properties are more uniform and the hardness spread within a batch of balls is within 1 HRC (today 1.5 HRC).",
 "rn-006": "Hydrogen recirculation pump for cars: the gearbox runs sealed in oil and still leaks; we want oil-free running, a service life above 12,000 hours and IP67 protection. The pump motor (24 V, about 700 W) must be small and cost under 1,200 yuan.",
 "rn-008": "Biodegradable plastic film: must meet the national standard GB/T 35795-2017 for fully biodegradable agricultural mulch film — thickness tolerance ±0.001 mm, tensile load 3.1 N MD / 2.5 N TD, elongation at break 420% / 660%, right-angle tear 1.1 N / 1.3 N, degradation rate 95%.",
 "rn-009": "Quality control in loudspeaker production: measuring and statistically tracking product specs in mass production is hard; we proposed a computer-aided measurement system for loudspeaker assembly to analyse quality and evaluate the scatter of process parameters.",
 "rn-010": "Testing of cotton fibre and yarn for textiles (spinning basics and skills).",
 "rn-011": "Research cooperation on testing the physical properties of denim fabric and the dyes and chemicals used on it.",
 "rn-012": "Training on denim fabric processes, fibre testing and dyeing.",
 "rn-015": "Setting up a testing room for organic water-soluble fertilizer: our production equipment is patented and we plan our own lab; we need expert guidance on the equipment, methods and staff it requires.",
 "rn-016": "Soil-testing-based fertilization: know the fertility of each greenhouse plot by testing the soil, formulate fertilizer by crop and plot, and cut chemical fertilizer use.",
 "rn-025": "Odour in food-grade plastic parts: injection-moulded parts that touch drinking water (water dispensers, water heaters) smell after moulding; we cannot solve it with our own staff and equipment.",
 "rn-026": "Test system for wireless smoke detectors: functions cannot be tested automatically today; we need a system that checks each function and the alarm state, measures voltages and currents, and releases smoke under control so the head triggers an alarm.",
 "rn-027": "Make-up for sensitive skin, especially children: preservative challenge test (P. aeruginosa, S. aureus, C. albicans, A. niger) passing at 14 and 28 days, accelerated stability tests, harmful substances within the Safety and Technical Standards for Cosmetics, no allergic reaction in sensitivity tests.",
 "rn-030": "Removing isoprothiolane from rice protein: rice residue with excess isoprothiolane makes the protein exceed limits and the FDA has detained Chinese food for it. We need a method that removes over 90% while keeping colour, taste and the alkali-soluble protein.",
 "rn-035": "Solder strength of PV ribbon: lead is added to the copper coating to raise solder pull strength, but lead-free is now required and our lead-free trials solder badly; we need a new way to raise pull strength.",
 "rn-037": "Dyeing blended yarns of biomass graphene fibre: dyeing parameters affect shade consistency and wash fastness, the data are complex and hard to screen; we need proven dyeing parameters.",
 "rn-046": "Bamboo-wood composite boards warp a lot and have low static bending strength; we need a better production method with less warping and higher bending strength.",
 "rn-054": "LED heat dissipation: we make light sources, luminaires and power supplies, and our LEDs are hard to cool, which shortens product life.",
 "rn-055": "Consistency of motor controllers: controller life varies widely — some last years, some fail within days; we want to fix this consistency problem.",
 "rn-058": "Aluminium die castings crack and have porosity; we need technology to reduce material defects (we make air-brake components: relay valves, hand control valves, brake master cylinders, clutch boosters).",
 "rn-062": "Automated tea roasting line: our automated production struggles to control tea quality; we need real-time monitoring of roasting time and temperature.",
 "rn-065": "Organic fertilizer from cassava vinasse: high lignocellulose content ferments poorly and slows production; we need a cheap pretreatment to raise fermentation efficiency.",
 "rn-069": "High-energy lithium battery: cell energy density 300–350 Wh/kg, 1,500 cycles; pre-lithiation, lithium metal anode modification, and battery safety, above all thermal runaway.",
 "rn-070": "Anti-vibration rubber for high-speed trains: our rubber seals only reach odour grade 3.5 (VDA 270) at high temperature; we must meet flame retardancy and reach odour ≤2.0 at 23 °C/24 h.",
 "rn-072": "Lithium titanate batteries: we need R&D staff and a pilot line (mixing, coating, calendering, stacking, heat sealing, glove box, electrical performance testing), and performance optimisation of graphene multi-element lithium titanate batteries.",
 "rn-074": "Connector for modular chairs: the tenon-and-mortise connector makes the backrest easy to fit and remove but cannot adjust the angle between back and seat. How can it be improved?",
 "rn-079": "Carbon fibre wire: we need a well-conducting carbon fibre conductor about 0.3 mm in diameter.",
 "rn-106": "Ningbo Xintai Machinery: car door frames we developed keep deforming, wrinkling and springing back during bending; we came to the fair to find experts to solve it.",
 "rn-108": "The high-precision pressure sensing instrument our company developed needs calibration and testing against pressure measuring instruments.",
 "rn-111": "Marine-engineering coating: solvent-based coatings fail environmental rules and ordinary waterborne coatings fail in heat and corrosion; targets are 150 °C heat resistance, 1,000 h salt spray and VOC ≤100 g/L.",
 "rn-112": "Electric hot-pot makers in Zhoucun and Zouping share quality problems in electrical safety and structural safety; they do not understand the standards well and produce by experience.",
 "rn-002": "Pilling of knitted scarves: knitwear pills easily, especially scarves rubbing against clothes; we need a technique to prevent or reduce pilling.",
 "rn-049": "Moisture resistance of corrugated cartons: our cartons resist moisture poorly and lose strength sharply after washing; we need a way to improve it.",
}
for x in list(N):
    if x["id"] in EN:
        N.append(dict(x, id=x["id"] + "-en", lang="en", text=EN[x["id"]], translated=True))
