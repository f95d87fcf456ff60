"""Builds src/rasd/data/demo/reports.jsonl: reports written for rasd + hand-coded events."""
import json, sys

ER, BA, VAC, SD, PR = "Explosions/Remote violence", "Battles", "Violence against civilians", "Strategic developments", "Protests"
DISORDER = {ER: "Political violence", BA: "Political violence", VAC: "Political violence", SD: "Strategic developments", PR: "Demonstrations"}
SY_OLD = "Military Forces of Syria (2000-2024)"

R = []
def rep(id, published, source, text, *events):
    R.append((id, published, source, text, events))

def ev(date, etype, sub, a1, a2, loc, loc_ar, lat, lon, country, admin1, fat, evidence, inj=None, civ=False, prec=1, conf=0.8, a2assoc=()):
    return dict(event_date=date, event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2, location=loc, location_ar=loc_ar,
                latitude=lat, longitude=lon, country=country, admin1=admin1, fatalities=fat, injuries=inj,
                civilian_targeting=civ, geo_precision=prec, confidence=conf, evidence_phrase=evidence)

rep("demo-01", "2024-10-03", "rasd demo", "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين وإصابة خمسة آخرين بجروح، بحسب ما أفاد الدفاع المدني.",
    ev("2024-10-03", ER, "Air/drone strike", "Military Forces of Russia", "Civilians", "Kafr Nabl", "كفرنبل", 35.614, 36.561, "Syria", "Idleb", 3, "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل", inj=5, civ=True, conf=0.9))
rep("demo-02", "2024-10-04", "rasd demo", "استهدفت قوات النظام بقذائف المدفعية الثقيلة أطراف مدينة أريحا جنوب إدلب مساء أمس، دون أن ترد أنباء عن إصابات.",
    ev("2024-10-03", ER, "Shelling/artillery/missile attack", SY_OLD, None, "Ariha", "أريحا", 35.812, 36.609, "Syria", "Idleb", 0, "استهدفت قوات النظام بقذائف المدفعية الثقيلة أطراف مدينة أريحا", prec=2, conf=0.75))
rep("demo-03", "2024-10-06", "rasd demo", "اندلعت اشتباكات عنيفة فجر اليوم بين هيئة تحرير الشام وقوات النظام على محور قرية الملاجة في ريف إدلب الجنوبي، وأسفرت عن مقتل أربعة عناصر من قوات النظام.",
    ev("2024-10-06", BA, "Armed clash", "Hayat Tahrir al-Sham", SY_OLD, "Al Mallajah", "الملاجة", 35.594, 36.577, "Syria", "Idleb", 4, "اندلعت اشتباكات عنيفة فجر اليوم بين هيئة تحرير الشام وقوات النظام", conf=0.85))
rep("demo-04", "2024-10-08", "rasd demo", "انفجرت عبوة ناسفة صباح اليوم بسيارة عسكرية تابعة لقوات سوريا الديمقراطية قرب بلدة الصور في ريف دير الزور الشمالي، ما أدى إلى مقتل عنصرين. ولم تتبن أي جهة التفجير.",
    ev("2024-10-08", ER, "Remote explosive/landmine/IED", "Unidentified Armed Group", "Syrian Democratic Forces", "Al-Sur", "الصور", 35.514, 40.650, "Syria", "Deir-ez-Zor", 2, "انفجرت عبوة ناسفة صباح اليوم بسيارة عسكرية تابعة لقوات سوريا الديمقراطية", prec=2, conf=0.8))
rep("demo-05", "2024-10-09", "rasd demo", "شنت طائرات مجهولة الهوية غارات على مواقع للميليشيات الموالية لإيران في محيط مدينة البوكمال شرقي دير الزور ليل أمس، وقتل ستة عناصر على الأقل.",
    ev("2024-10-08", ER, "Air/drone strike", "Unidentified Military Forces", "Iran-backed Militias", "Al Bukamal", "البوكمال", 34.453, 40.918, "Syria", "Deir-ez-Zor", 6, "شنت طائرات مجهولة الهوية غارات على مواقع للميليشيات الموالية لإيران", prec=2, conf=0.7))
rep("demo-06", "2024-10-11", "rasd demo", "نفذت قوات سوريا الديمقراطية حملة دهم واعتقالات في بلدة الشحيل بريف دير الزور الشرقي اليوم، واعتقلت أحد عشر شاباً بتهمة التعامل مع خلايا تنظيم الدولة.",
    ev("2024-10-11", SD, "Arrests", "Syrian Democratic Forces", "Civilians", "Al-Shuhayl", "الشحيل", 35.116, 40.360, "Syria", "Deir-ez-Zor", 0, "نفذت قوات سوريا الديمقراطية حملة دهم واعتقالات في بلدة الشحيل", conf=0.8))
rep("demo-07", "2024-10-12", "rasd demo", "قصفت القوات التركية بالمدفعية قرى في ريف تل تمر شمال الحسكة اليوم، وأصيب مدنيان بجروح في قرية تل طويل.",
    ev("2024-10-12", ER, "Shelling/artillery/missile attack", "Military Forces of Turkey", "Civilians", "Tal Tamer", "تل تمر", 36.652, 40.372, "Syria", "Al-Hasakeh", 0, "قصفت القوات التركية بالمدفعية قرى في ريف تل تمر", inj=2, prec=2, conf=0.75))
rep("demo-08", "2024-10-14", "rasd demo", "تظاهر المئات من أهالي مدينة السويداء اليوم في ساحة الكرامة مطالبين بالإفراج عن المعتقلين وتحسين الأوضاع المعيشية.",
    ev("2024-10-14", PR, "Peaceful protest", "Protesters", None, "As-Sweida", "السويداء", 32.709, 36.566, "Syria", "As-Sweida", 0, "تظاهر المئات من أهالي مدينة السويداء اليوم", conf=0.9))
rep("demo-09", "2024-10-15", "rasd demo", "اغتال مسلحون مجهولون مختار بلدة طفس في ريف درعا الغربي مساء أمس بإطلاق النار عليه أمام منزله.",
    ev("2024-10-14", VAC, "Attack", "Unidentified Armed Group", "Civilians", "Tafas", "طفس", 32.737, 36.067, "Syria", "Dar'a", 1, "اغتال مسلحون مجهولون مختار بلدة طفس", civ=True, conf=0.85))
rep("demo-10", "2024-10-17", "rasd demo", "سقطت قذائف صاروخية أطلقتها فصائل المعارضة على أحياء في مدينة حلب اليوم، ما أدى إلى مقتل طفل وإصابة سبعة مدنيين.",
    ev("2024-10-17", ER, "Shelling/artillery/missile attack", "Opposition Rebels (Syria)", "Civilians", "Aleppo", "حلب", 36.202, 37.160, "Syria", "Aleppo", 1, "سقطت قذائف صاروخية أطلقتها فصائل المعارضة على أحياء في مدينة حلب", inj=7, civ=True, conf=0.7))
rep("demo-11", "2024-10-18", "rasd demo", "شن الطيران الحربي الإسرائيلي غارة على مبنى في حي المزة بدمشق فجر اليوم، وقالت وسائل إعلام رسمية إن الغارة أودت بحياة شخصين.",
    ev("2024-10-18", ER, "Air/drone strike", "Military Forces of Israel", None, "Damascus", "دمشق", 33.513, 36.292, "Syria", "Damascus", 2, "شن الطيران الحربي الإسرائيلي غارة على مبنى في حي المزة بدمشق", prec=2, conf=0.85))
rep("demo-12", "2024-10-20", "rasd demo", "هاجمت خلية من تنظيم الدولة حاجزاً لقوات النظام في بادية تدمر شرقي حمص الليلة الماضية، واندلعت اشتباكات قتل فيها خمسة جنود.",
    ev("2024-10-19", BA, "Armed clash", "Islamic State", SY_OLD, "Palmyra", "تدمر", 34.560, 38.267, "Syria", "Homs", 5, "هاجمت خلية من تنظيم الدولة حاجزاً لقوات النظام في بادية تدمر", prec=2, conf=0.75))
rep("demo-13", "2024-10-22", "rasd demo", "استهدفت مسيّرة تركية سيارة على الطريق بين القامشلي وعامودا اليوم، ما أدى إلى مقتل قيادي في قوات سوريا الديمقراطية ومرافقه.",
    ev("2024-10-22", ER, "Air/drone strike", "Military Forces of Turkey", "Syrian Democratic Forces", "Qamishli", "القامشلي", 37.052, 41.227, "Syria", "Al-Hasakeh", 2, "استهدفت مسيّرة تركية سيارة على الطريق بين القامشلي وعامودا", prec=2, conf=0.8))
rep("demo-14", "2024-10-24", "rasd demo", "قصفت قوات النظام بالصواريخ مدينة سرمين شرق إدلب اليوم، وقتل مدني وأصيب ثلاثة آخرون. وفي سياق متصل قصف الطيران الروسي أطراف بلدة بنش.",
    ev("2024-10-24", ER, "Shelling/artillery/missile attack", SY_OLD, "Civilians", "Sarmin", "سرمين", 35.902, 36.725, "Syria", "Idleb", 1, "قصفت قوات النظام بالصواريخ مدينة سرمين", inj=3, conf=0.8),
    ev("2024-10-24", ER, "Air/drone strike", "Military Forces of Russia", None, "Binnish", "بنش", 35.958, 36.713, "Syria", "Idleb", 0, "قصف الطيران الروسي أطراف بلدة بنش", prec=2, conf=0.6))
rep("demo-15", "2024-10-26", "rasd demo", "هاجم عناصر من تنظيم الدولة نقطة للجيش العراقي في قضاء الطارمية شمال بغداد الليلة الماضية، وقتل جنديان في الاشتباك.",
    ev("2024-10-25", BA, "Armed clash", "Islamic State", "Military Forces of Iraq", "Tarmiyah", "الطارمية", 33.673, 44.395, "Iraq", "Baghdad", 2, "هاجم عناصر من تنظيم الدولة نقطة للجيش العراقي في قضاء الطارمية", conf=0.8))
rep("demo-16", "2024-10-28", "rasd demo", "قصف الطيران التركي مواقع لحزب العمال الكردستاني في جبل سنجار غرب الموصل اليوم، ولم ترد معلومات عن الخسائر.",
    ev("2024-10-28", ER, "Air/drone strike", "Military Forces of Turkey", "PKK: Kurdistan Workers Party", "Sinjar", "سنجار", 36.321, 41.876, "Iraq", "Ninewa", 0, "قصف الطيران التركي مواقع لحزب العمال الكردستاني في جبل سنجار", prec=2, conf=0.7))
rep("demo-17", "2024-10-30", "rasd demo", "انفجرت عبوة ناسفة على طريق في قضاء الدبس شمال غرب كركوك صباح اليوم لدى مرور دورية للشرطة، ما أسفر عن إصابة ثلاثة منتسبين.",
    ev("2024-10-30", ER, "Remote explosive/landmine/IED", "Unidentified Armed Group", "Police Forces of Iraq", "Dibis", "الدبس", 35.650, 44.060, "Iraq", "Kirkuk", 0, "انفجرت عبوة ناسفة على طريق في قضاء الدبس", inj=3, prec=2, conf=0.75))
rep("demo-18", "2024-11-01", "rasd demo", "شن الطيران الإسرائيلي سلسلة غارات على بلدات في قضاء بنت جبيل جنوب لبنان اليوم، وأعلنت وزارة الصحة مقتل سبعة أشخاص بينهم طفلان.",
    ev("2024-11-01", ER, "Air/drone strike", "Military Forces of Israel", "Hezbollah", "Bint Jbeil", "بنت جبيل", 33.120, 35.433, "Lebanon", "Nabatieh", 7, "شن الطيران الإسرائيلي سلسلة غارات على بلدات في قضاء بنت جبيل", prec=2, conf=0.8))
rep("demo-19", "2024-11-02", "rasd demo", "أطلق حزب الله صواريخ على موقع عسكري إسرائيلي قبالة بلدة الخيام الحدودية مساء أمس، بحسب بيان للحزب.",
    ev("2024-11-01", ER, "Shelling/artillery/missile attack", "Hezbollah", "Military Forces of Israel", "Khiam", "الخيام", 33.328, 35.612, "Lebanon", "Nabatieh", 0, "أطلق حزب الله صواريخ على موقع عسكري إسرائيلي قبالة بلدة الخيام", prec=2, conf=0.7))
rep("demo-20", "2024-11-04", "rasd demo", "استهدفت غارة إسرائيلية بطائرة مسيّرة سيارة في مدينة صور اليوم، ما أدى إلى مقتل شخصين.",
    ev("2024-11-04", ER, "Air/drone strike", "Military Forces of Israel", None, "Tyre", "صور", 33.271, 35.196, "Lebanon", "South", 2, "استهدفت غارة إسرائيلية بطائرة مسيّرة سيارة في مدينة صور", conf=0.85))
rep("demo-21", "2024-11-05", "rasd demo", "تجددت المعارك بين قوات الحكومة الشرعية وجماعة الحوثي في جبهة صرواح غرب مأرب اليوم، وقتل ثمانية مقاتلين من الطرفين.",
    ev("2024-11-05", BA, "Armed clash", "Military Forces of Yemen", "Ansar Allah", "Sirwah", "صرواح", 15.450, 45.020, "Yemen", "Marib", 8, "تجددت المعارك بين قوات الحكومة الشرعية وجماعة الحوثي في جبهة صرواح", conf=0.8))
rep("demo-22", "2024-11-07", "rasd demo", "قصف الحوثيون بقذائف الهاون أحياء سكنية في مدينة تعز اليوم، ما أدى إلى إصابة أربعة مدنيين بينهم امرأة.",
    ev("2024-11-07", ER, "Shelling/artillery/missile attack", "Ansar Allah", "Civilians", "Taiz", "تعز", 13.579, 44.021, "Yemen", "Taizz", 0, "قصف الحوثيون بقذائف الهاون أحياء سكنية في مدينة تعز", inj=4, civ=True, conf=0.85))
rep("demo-23", "2024-11-09", "rasd demo", "شنت القوات الأمريكية غارات على مواقع للحوثيين في محيط مدينة الحديدة فجر اليوم، ولم يعلن عن حصيلة.",
    ev("2024-11-09", ER, "Air/drone strike", "Military Forces of the United States", "Ansar Allah", "Al Hudaydah", "الحديدة", 14.798, 42.954, "Yemen", "Al Hodeidah", 0, "شنت القوات الأمريكية غارات على مواقع للحوثيين في محيط مدينة الحديدة", prec=2, conf=0.8))
rep("demo-24", "2024-11-12", "rasd demo", "اعتقلت جماعة الحوثي خمسة موظفين في منظمات إغاثية في العاصمة صنعاء اليوم، بحسب مصادر حقوقية.",
    ev("2024-11-12", SD, "Arrests", "Ansar Allah", "Civilians", "Sanaa", "صنعاء", 15.354, 44.207, "Yemen", "Amanat Al Asimah", 0, "اعتقلت جماعة الحوثي خمسة موظفين في منظمات إغاثية", conf=0.75))
rep("demo-25", "2024-11-15", "rasd demo", "قتل عنصران من الجيش الوطني السوري وأصيب ثلاثة في اشتباكات مع قوات سوريا الديمقراطية على أطراف مدينة منبج اليوم.",
    ev("2024-11-15", BA, "Armed clash", "Syrian National Army", "Syrian Democratic Forces", "Manbij", "منبج", 36.528, 37.955, "Syria", "Aleppo", 2, "اشتباكات مع قوات سوريا الديمقراطية على أطراف مدينة منبج", inj=3, prec=2, conf=0.8))
rep("demo-26", "2024-11-18", "rasd demo", "قصفت طائرات حربية تابعة للنظام أطراف مدينة جسر الشغور غرب إدلب صباح اليوم، وأصيب ثلاثة مدنيين.",
    ev("2024-11-18", ER, "Air/drone strike", SY_OLD, "Civilians", "Jisr al-Shughur", "جسر الشغور", 35.812, 36.318, "Syria", "Idleb", 0, "قصفت طائرات حربية تابعة للنظام أطراف مدينة جسر الشغور", inj=3, prec=2, conf=0.75))
rep("demo-27", "2024-11-20", "rasd demo", "قتل شخص برصاص مسلحين مجهولين في بلدة الحصان بريف دير الزور الغربي ليل أمس، وعثر الأهالي على جثته قرب الطريق العام.",
    ev("2024-11-19", VAC, "Attack", "Unidentified Armed Group", "Civilians", "Al-Hisan", "الحصان", 35.430, 39.930, "Syria", "Deir-ez-Zor", 1, "قتل شخص برصاص مسلحين مجهولين في بلدة الحصان", civ=True, conf=0.7))
# The inertness check: a report whose text carries markup that must never run.
rep("demo-28-xss", "2024-11-22", "rasd demo <script>alert(1)</script>", "قصفت مدفعية قوات النظام بلدة معرة النعمان اليوم <script>alert(1)</script> وأصيب مدنيان <img src=x onerror=alert(1)> بجروح، بحسب ناشطين.",
    ev("2024-11-22", ER, "Shelling/artillery/missile attack", SY_OLD, "Civilians", "Maarat al-Numan <img src=x onerror=alert(1)>", "معرة النعمان", 35.648, 36.675, "Syria", "Idleb", 0, "قصفت مدفعية قوات النظام بلدة معرة النعمان", inj=2, conf=0.6))

def sentence_of(text, start, end):
    left = text.rfind(".", 0, start) + 1
    stop = text.find(".", end)
    return text[left: stop + 1 if stop >= 0 else len(text)].strip()

out = []
for id, published, source, text, events in R:
    coded = []
    for e in events:
        phrase = e.pop("evidence_phrase")
        start = text.find(phrase)
        assert start >= 0, (id, phrase)
        end = start + len(phrase)
        sub = e["sub_event_type"]
        e.update(disorder_type=DISORDER[e["event_type"]], source=source,
                 evidence={"event": {"start": start, "end": end, "text": phrase, "sentence": sentence_of(text, start, end)}})
        loc_ar = e["location_ar"]
        ls = text.find(loc_ar)
        if ls >= 0:
            e["evidence"]["location"] = {"start": ls, "end": ls + len(loc_ar), "text": loc_ar, "sentence": sentence_of(text, ls, ls + len(loc_ar))}
        coded.append(e)
    out.append(dict(id=id, published=published, source=source, url=f"https://example.org/rasd-demo/{id}", text=text, events=coded))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out), "reports", sum(len(r["events"]) for r in out), "events")
