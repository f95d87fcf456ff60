"""Synthetic Arabic conflict reports for benchmarks and tests (sentences written for rasd).

Reports are recombined from the sentences below with a seeded generator, so a
corpus of any size is reproducible, streams without being held in memory, and
holds realistic work for the pipeline (cues, actors, places, numbers, dates).
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

SENTENCES = (
    "قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين.",
    "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة على محور الكبانة في ريف اللاذقية الشمالي.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق دير الزور الميادين، ما أسفر عن مقتل عنصرين وإصابة آخر.",
    "تظاهر مئات الأهالي في ساحة الكرامة بمدينة السويداء مطالبين بالإفراج عن المعتقلين.",
    "استهدفت طائرة مسيرة مجهولة سيارة على أطراف مدينة القامشلي، دون ورود أنباء عن إصابات.",
    "قصفت المدفعية التركية قرى في ريف تل تمر شمال غرب الحسكة بعشرات القذائف.",
    "أعلنت وزارة الدفاع عن إسقاط طائرتين مسيرتين فوق قاعدة حميميم الجوية في ريف جبلة.",
    "شنت طائرات التحالف الدولي غارتين على مواقع لتنظيم الدولة في بادية السخنة شرق حمص.",
    "قتل شاب برصاص مجهولين في بلدة الصنمين بريف درعا الشمالي مساء أمس الثلاثاء.",
    "سقطت قذائف صاروخية على أحياء سكنية في مدينة حلب، ما أدى إلى إصابة سبعة مدنيين بينهم أطفال.",
    "داهمت قوة أمنية منازل في حي الوعر بمدينة حمص واعتقلت خمسة شبان.",
    "هاجم مسلحون حاجزا لقوات الأمن في مدينة جاسم بريف درعا، وقتل عنصر من الحاجز.",
    "أغارت طائرات إسرائيلية على مواقع قرب مطار دمشق الدولي فجر اليوم الخميس.",
    "نفذت فصائل المعارضة عملية تسلل على مواقع لقوات النظام في جبل الزاوية وقتلت أربعة عناصر.",
    "قصفت طائرات مسيرة تابعة للجيش التركي موقعا لقوات سوريا الديمقراطية قرب عين العرب.",
    "احتج عشرات الطلاب أمام مبنى جامعة دمشق على رفع رسوم التسجيل.",
    "انفجر لغم أرضي من مخلفات الحرب بجرار زراعي في ريف حماة الشرقي، ما أدى إلى مقتل مزارع.",
    "تعرضت دورية روسية لهجوم بعبوة ناسفة على الطريق الدولي إم أربعة قرب أريحا.",
    "شهدت مدينة الباب اشتباكات بين فصيلين من الجيش الوطني أسفرت عن مقتل مدني.",
    "قالت مصادر محلية إن الغارات استهدفت مخيما للنازحين قرب بلدة أطمة على الحدود التركية.",
    "أفاد ناشطون بأن قوات النظام استقدمت تعزيزات عسكرية إلى خطوط التماس في ريف إدلب.",
    "ذكر المرصد أن حصيلة القتلى ارتفعت إلى تسعة بعد وفاة جريحين متأثرين بإصاباتهما.",
    "قصفت الطائرات الحربية الأمريكية مواقع لفصائل موالية لإيران في البوكمال على الحدود العراقية.",
    "خرجت مظاهرة في مدينة إدلب رفضا للتصعيد العسكري وللتطبيع مع النظام.",
)
REPORT_CHARS = 2000  # typical length of a news report


def synthetic_text(rng: random.Random, chars: int = REPORT_CHARS) -> str:
    parts: list[str] = []
    length = 0
    while length < chars:
        sentence = rng.choice(SENTENCES)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def synthetic_records(count: int, seed: int = 0, chars: int = REPORT_CHARS,
                      prefix: str = "syn") -> Iterator[dict]:
    """``count`` report records (id, text, published, source, url), generated one at a time."""
    rng = random.Random(seed)
    first_day = date(2019, 1, 1)
    for number in range(count):
        yield {
            "id": f"{prefix}-{number:07d}",
            "text": synthetic_text(rng, chars),
            "published": (first_day + timedelta(days=rng.randrange(2000))).isoformat(),
            "source": "rasd synthetic",
            "url": f"https://example.org/{prefix}/{number}",
        }


def write_jsonl_shards(directory: Path, count: int, per_shard: int, seed: int = 0,
                       chars: int = REPORT_CHARS) -> list[Path]:
    """Write ``count`` synthetic reports as JSONL shards of ``per_shard`` reports each."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    for number, record in enumerate(synthetic_records(count, seed, chars)):
        if number % per_shard == 0:
            if handle:
                handle.close()
            paths.append(directory / f"shard-{len(paths):05d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths
