"""Synthetic Arabic conflict reports for benchmarks and tests (sentences written for rasd).

Reports are recombined from the sentences below with a seeded generator, so a
corpus of any size is reproducible, streams without being held in memory, and
holds realistic work for the pipeline (cues, actors, places, numbers, dates).

A closed-vocabulary corpus repeats the same few hundred words and flatters every
cache; an open-vocabulary one (``open_vocabulary=True``) also fills templates with
made-up place, actor and filler words, so every report brings words never seen
before, as real corpora do.

This module imports only the standard library: benchmarks and the output-identity
script load it by path to feed the same corpus to an older installed rasd.
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
# Open vocabulary: templates whose slots take made-up words (written for rasd).
TEMPLATES = (
    "قصفت قوات {actor} بلدة {place} في ريف {place2}، ما أدى إلى مقتل {count} من {filler}.",
    "اندلعت اشتباكات بين {actor} و{actor2} قرب قرية {place} شرق {place2}.",
    "قال {filler} {filler2} إن مسلحين من {actor} هاجموا حاجزا عند مدخل {place}.",
    "انفجرت عبوة ناسفة في سوق {place} أثناء {filler}، ما أسفر عن إصابة {count} أشخاص.",
    "تظاهر أهالي حي {place} في مدينة {place2} احتجاجا على {filler} {filler2}.",
    "{filler} {filler2} {filler3} في {place} بحسب {filler4}.",
)
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
ACTOR_HEADS = ("كتائب", "لواء", "جبهة", "ميليشيا", "سرايا")
PLACE_HEADS = ("", "", "تل ", "عين ", "دير ", "كفر ")
COUNTS = ("ثلاثة", "خمسة", "سبعة", "عشرة", "2", "4", "12", "31")
REPORT_CHARS = 2000  # typical length of a news report


def made_up_word(rng: random.Random) -> str:
    """A pronounceable-enough string of 3–7 Arabic letters, sometimes with the article."""
    word = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7)))
    return "ال" + word if rng.random() < 0.3 else word


def open_sentence(rng: random.Random) -> str:
    """A template filled with new words for its places, actors and fillers."""
    words = {f"{slot}{n}": make() for slot, make in (
        ("place", lambda: rng.choice(PLACE_HEADS) + made_up_word(rng)),
        ("actor", lambda: f"{rng.choice(ACTOR_HEADS)} {made_up_word(rng)}"),
        ("filler", lambda: made_up_word(rng))) for n in ("", "2", "3", "4")}
    return rng.choice(TEMPLATES).format(count=rng.choice(COUNTS), **words)


def synthetic_text(rng: random.Random, chars: int = REPORT_CHARS, open_vocabulary: bool = False) -> str:
    parts: list[str] = []
    length = 0
    while length < chars:
        use_template = open_vocabulary and rng.random() < 0.5
        sentence = open_sentence(rng) if use_template else rng.choice(SENTENCES)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)


def synthetic_records(count: int, seed: int = 0, chars: int = REPORT_CHARS,
                      prefix: str = "syn", open_vocabulary: bool = False) -> Iterator[dict]:
    """``count`` report records (id, text, published, source, url), generated one at a time."""
    rng = random.Random(seed)
    first_day = date(2019, 1, 1)
    for number in range(count):
        yield {
            "id": f"{prefix}-{number:07d}",
            "text": synthetic_text(rng, chars, open_vocabulary),
            "published": (first_day + timedelta(days=rng.randrange(2000))).isoformat(),
            "source": "rasd synthetic",
            "url": f"https://example.org/{prefix}/{number}",
        }


def write_jsonl_shards(directory: Path, count: int, per_shard: int, seed: int = 0,
                       chars: int = REPORT_CHARS, open_vocabulary: bool = False) -> list[Path]:
    """Write ``count`` synthetic reports as JSONL shards of ``per_shard`` reports each."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    for number, record in enumerate(synthetic_records(count, seed, chars, open_vocabulary=open_vocabulary)):
        if number % per_shard == 0:
            if handle:
                handle.close()
            paths.append(directory / f"shard-{len(paths):05d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths
