"""The factuality stage: which candidates are the report's own news, which are background,
which are no event at all, and what decided. Texts written by us in the registers of the
outlets rasd reads (Syrian opposition and state media, Iraqi, Yemeni of both sides,
Lebanese, Palestinian, Sudanese, agencies)."""
from datetime import date

import pytest

from rasd.model import Report
from rasd.pipeline import explain_report, extract

PUBLISHED = date(2024, 3, 10)


def decisions(text: str) -> list[tuple[str, str]]:
    _, explained = explain_report(Report(id="t", text=text, published=PUBLISHED))
    return [(e["status"], e["family"]) for e in explained]


def events(text: str, **kwargs):
    return extract(text, PUBLISHED, **kwargs) if kwargs else extract(text, PUBLISHED)


# One sentence per marker family: the framing makes it no event, and the explanation names
# the family that decided.
NOT_EVENTS = [
    ("negation", "لم تشهد مدينة جبلة أي اشتباكات خلال الليلة الماضية بحسب مصدر في المحافظة."),
    ("future", "وقالت مصادر محلية إن طيران العدوان يخطط لشن غارات على مديرية الصفراء في صعدة."),
    ("threat", "هدد حزب الله بقصف المستوطنات الشمالية ردا على استهداف القرى الحدودية."),
    ("possibility", "وقد تتعرض القواعد الأمريكية في الأنبار لهجمات بالطائرات المسيرة خلال الأيام المقبلة."),
    ("opinion", "ويرى محللون أن اغتيال القيادي في الحركة بمخيم عين الحلوة سيزيد التوتر."),
    ("question", "هل كانت الغارة على مستودع الذخيرة قرب حماة رسالة إلى طهران؟"),
    ("purpose", "ونشرت قوات الأمن حواجز إضافية في أم درمان لمنع أي اعتداء على الأسواق."),
    ("accusation", "واتهمت النيابة العامة ثلاثة شبان بتنفيذ عملية الخطف التي هزت مدينة الخليل."),
    ("legal", "وبدأت محكمة الجنايات في البصرة محاكمة أربعة متهمين بتفجير سيارة مفخخة قرب سوق العشار."),
    ("condemnation", "وأدانت وزارة الخارجية الأردنية قصف قوات الاحتلال مدرسة تؤوي نازحين في رفح."),
    ("generic", "وتنتشر ظاهرة الخطف مقابل الفدية في ولايات دارفور."),
    ("serial", "وتتعرض الأحياء الشرقية من مدينة تعز لموجة من القصف المدفعي."),
    ("statistics", "ليرتفع عدد ضحايا الغارات على قطاع غزة إلى 340 قتيلا."),
    ("aftermath", "وشيع أهالي بلدة سرمين جثامين الضحايا الذين قضوا في الغارة."),
    ("suppressors", "ووثقت منظمات حقوقية حالات اعتقال تعسفي في ريف حلب الشمالي."),
    ("crowd_speech", "وطالب محتجون بإقالة محافظ البصرة ومحاسبة الفاسدين."),
    ("told_before", "وتوجه المتظاهرون اليوم إلى مقر الحكومة المحلية في عدن."),
    ("anchor", "وناقش الاجتماع عمليات الخطف في ريف السويداء."),
    ("crowd_anchor", "وظهر محتجون، مساء أمس، في مقطع مصور أمام مبنى البلدية في صيدا."),
    ("crowd_anchor", "وأفرجت الشرطة اليوم عن عشرة من المحتجين الذين اعتصموا أمام مبنى المحافظة في الناصرية."),
    ("prevented", "ومنعت قوات الشرطة، مساء أمس، تظاهرة دعت إليها نقابة المعلمين أمام وزارة التربية في عمّان."),
    ("purpose", "وخرج المعلم من منزله في حي الميدان للمشاركة في اعتصام الأهالي أمس."),
    ("statistics", "ونظمت اللجان منذ تأسيسها عشرات الوقفات الاحتجاجية في مدينة السويداء."),
]


@pytest.mark.parametrize("family,text", NOT_EVENTS, ids=[f for f, _ in NOT_EVENTS])
def test_a_framed_or_unanchored_candidate_is_no_event(family, text):
    assert events(text) == []
    assert ("not_event", family) in decisions(text)


@pytest.mark.parametrize("text", [
    "قصفت قوات النظام صباح اليوم بلدة كفرنبل بقذائف المدفعية.",
    "وكان مسلحون مجهولون قد أطلقوا النار على شاب في مدينة جاسم مساء أمس، ما أدى إلى مقتله.",
    "لا تزال الاشتباكات مستمرة اليوم بين الجيش والحوثيين في مديرية حيس.",
    "تظاهر مئات الطلاب أمس أمام مبنى جامعة الخرطوم احتجاجا على رفع الرسوم.",
    "ورغم حظر التجول تظاهر آلاف الشبان مساء أمس في شوارع مدينة عطبرة.",
    "وأعلنت القيادة المركزية في وقت لاحق أن طائراتها قصفت موقعا للحوثيين في الحديدة اليوم.",
])
def test_plain_news_is_kept(text):
    """A pluperfect of the same day, "لا تزال" (no negation), a protest verb: news."""
    assert events(text), decisions(text)


def test_a_clause_opened_by_fi_waqt_is_framed_on_its_own():
    """"… في وقت نفى فيه …": the denial opens a clause of its own; it frames nothing before it."""
    text = "وتجمع مئات المحتجين صباح اليوم أمام مبنى المحافظة في البصرة في وقت نفى فيه المحافظ أي تقصير."
    assert [e.event_type for e in events(text)] == ["Protests"], decisions(text)


def test_an_earlier_event_with_a_marker_and_no_date_is_background_and_never_emitted():
    text = "وسبق أن اغتال مسلحون مجهولون رئيس البلدية في مدينة طفس."
    assert ("background", "background") in decisions(text)
    assert events(text) == [] and events(text, background=True) == []


def test_an_earlier_event_with_its_own_date_is_emitted_on_request_with_that_date():
    text = "وفي 12 آب 2019 قصفت طائرات حربية سوق مدينة معرة النعمان ما أدى إلى مقتل 13 مدنيا."
    assert events(text) == []
    recalled = events(text, background=True)
    assert len(recalled) == 1 and recalled[0].background
    assert recalled[0].event_date == date(2019, 8, 12) and recalled[0].time_precision == 1


def test_a_month_recalled_from_last_year_is_background():
    text = "وكانت طائرة مسيرة قد استهدفت سيارة في بلدة الحوش في كانون الأول 2022 وقتلت شخصين."
    assert ("background", "year") in [(s, f) for s, f in decisions(text)]


def test_an_act_placed_in_a_past_month_is_background_wherever_the_month_is_told():
    """"في شباط الماضي" after the act, with no day: recalled, not this report's news."""
    text = "وكان مسلح قد طعن عاملا أجنبيا في سوق مدينة الزرقاء في شباط الماضي."
    assert ("background", "past_month") in decisions(text)
    assert events(text) == []


def test_a_past_month_yields_to_a_recent_day_near_the_act():
    text = "قصفت طائرات التحالف أمس مواقع في مدينة صعدة، بعد غارات مماثلة في كانون الثاني الماضي."
    assert [e.sub_event_type for e in events(text)] == ["Air/drone strike"]


def test_a_pluperfect_act_dated_before_the_reports_day_is_background():
    """The report's day is Friday (8 March); the sit-in told with "وكان … قد" is dated Tuesday."""
    text = ("اقتحم محتجون يوم الجمعة مبنى البلدية في مدينة صيدا مطالبين بالإفراج عن موقوفين.\n"
            "وكان ناشطون قد نفذوا وقفة احتجاجية أمام المبنى نفسه يوم الثلاثاء للمطالبة بالإفراج عنهم.")
    assert ("background", "pluperfect") in decisions(text)
    assert [e.event_date for e in events(text)] == [date(2024, 3, 8)]


def test_a_pluperfect_act_of_the_reports_own_day_stays_news():
    text = "وكان مسلحون مجهولون قد أطلقوا النار على دورية للشرطة في مدينة جاسم صباح اليوم."
    assert ("background", "pluperfect") not in decisions(text)
    assert events(text)


def test_a_recap_closing_a_report_is_background_unless_it_tells_a_recent_day():
    recap = "ويذكر أن ريف حماة الشمالي شهد خلال الأيام الماضية اشتباكات متقطعة بين الطرفين."
    assert ("background", "recap") in decisions(recap) and events(recap) == []
    assert events("ويذكر أن قوات النظام قصفت صباح اليوم بلدة كفرنبل بقذائف المدفعية.")


def test_an_unconfirmed_account_is_kept_with_a_lower_confidence():
    told = "وتحدثت أنباء غير مؤكدة عن مقتل عنصرين من قوات النظام بهجوم مسلح في بلدة اللطامنة اليوم."
    plain = "قتل عنصران من قوات النظام بهجوم مسلح في بلدة اللطامنة اليوم."
    assert ("uncertain", "hearsay") in decisions(told)
    assert events(told)[0].confidence < events(plain)[0].confidence


def test_explanations_point_into_the_original_text():
    text = "ويرى محللون أن اغتيال القيادي في الحركة بمخيم عين الحلوة سيزيد التوتر."
    _, explained = explain_report(Report(id="t", text=text, published=PUBLISHED))
    record = explained[0]
    start, end = record["marker"]["span"]
    assert text[start:end] == record["marker"]["text"] == "يرى"
    start, end = record["trigger"]["span"]
    assert text[start:end] == "اغتيال"


def test_a_relative_clause_verb_does_not_anchor_an_event_already_known():
    """"التفجير الذي استهدف…" describes a known event: no verb of its own reports it."""
    assert decisions("وعقد المجلس جلسة طارئة لبحث التفجير الذي استهدف مرفأ بيروت.") == [
        ("not_event", "anchor")]


RECALLING = ("قصفت قوات النظام صباح اليوم بلدة كفرنبل بقذائف المدفعية. "
             "وفي 12 آب 2019 قصفت طائرات حربية سوق مدينة معرة النعمان. "
             "ويرى محللون أن اغتيال القيادي في الحركة سيزيد التوتر.")


def _run_cli(tmp_path, *options):
    import json

    from typer.testing import CliRunner

    from rasd.cli import app

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "text": RECALLING, "published": "2024-03-10"}, ensure_ascii=False),
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(source), *options])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")], result.stderr


def test_cli_emits_recalled_events_only_with_background(tmp_path):
    default, _ = _run_cli(tmp_path)
    assert [e["background"] for e in default] == [False]
    both, _ = _run_cli(tmp_path, "--background")
    assert sorted((e["event_date"], e["background"]) for e in both) == [("2019-08-12", True), ("2024-03-10", False)]


def test_cli_explain_lists_each_dropped_or_demoted_candidate_with_its_marker(tmp_path):
    events_out, explained = _run_cli(tmp_path, "--explain")
    assert len(events_out) == 1
    lines = [line for line in explained.splitlines() if line.startswith("explain r1:")]
    assert len(lines) == 2
    assert any("background" in line and "«2019»" in line for line in lines)
    assert any("not_event" in line and "opinion «يرى»" in line for line in lines)


def test_the_sentence_model_learns_which_accepted_sentences_report_an_assault():
    from rasd.assemble.sentence_model import train

    samples = [("قصفت الطائرات اليوم البلدة وقتلت ثلاثة", True), ("فجر انتحاري نفسه أمس في السوق", True),
               ("قال المحلل إن الهجمات ظاهرة سياسية", False), ("ناقش المؤتمر ملف التفجيرات والسياسة", False)]
    model = train(samples)
    assert model.positive("قصفت الطائرات السوق اليوم")
    assert not model.positive("قال المحلل في المؤتمر إن السياسة")


def test_the_shipped_model_keeps_plain_strikes():
    from rasd.assemble.sentence_model import sentence_model
    from rasd.pipeline import extract_report

    assert sentence_model().positive("قتل عنصران من قوات النظام بهجوم مسلح في بلدة اللطامنة اليوم.")
    text = "قصفت قوات النظام صباح اليوم بلدة كفرنبل بقذائف المدفعية."
    rules_only = extract_report(Report(id="doc", text=text, published=PUBLISHED), use_model=False)
    assert events(text) == rules_only


def test_the_model_does_not_overrule_an_act_told_with_its_attacker_place_and_day():
    """The model learned from older agency prose and judges this Lebanese report no assault;
    an act with its attacker, its own place and a recent day is spared its veto."""
    from rasd.assemble.sentence_model import sentence_model

    text = "أطلق حزب الله اليوم رشقة صاروخية على بلدة المطلة."
    assert not sentence_model().positive(text)
    assert [(e.actor1, e.location) for e in events(text)] == [("Hezbollah", "Metula")]


def test_an_act_a_relative_clause_recalls_is_not_spared_the_veto():
    from rasd.assemble.factuality import _told_act
    from rasd.assemble.events import candidates
    from rasd.document import analyse

    def told(text: str) -> list[bool]:
        doc = analyse(Report(id="t", text=text, published=PUBLISHED))
        return [_told_act(doc, c) for c in candidates(doc)]

    assert told("خطف مسلحون اليوم جنديا في بلدة الطارمية.") == [True]
    assert told("وتقع بلدة الطارمية في المنطقة التي خطف فيها مسلحون جنديا اليوم.") == [False]


def test_a_model_veto_is_explained_and_spares_protests(monkeypatch):
    import rasd.assemble.factuality as factuality
    from rasd.assemble.sentence_model import SentenceModel

    monkeypatch.setattr(factuality, "sentence_model", lambda: SentenceModel(-100.0, {}, 0.0))
    # no day is told: the act is not spared the veto
    assert decisions("قصفت قوات النظام بلدة كفرنبل بقذائف المدفعية.") == [("not_event", "sentence_model")]
    assert events("تظاهر مئات الطلاب أمس أمام مبنى جامعة الخرطوم احتجاجا على رفع الرسوم.")


def test_an_act_dated_weeks_before_publication_is_background_with_that_date():
    text = "وفي الثالث من شباط/فبراير قصفت طائرة مسيرة تركية سيارة على طريق القامشلي ما أدى إلى مقتل شخصين."
    assert ("background", "date") in decisions(text)
    recalled = events(text, background=True)
    assert [(e.event_date, e.background) for e in recalled] == [(date(2024, 2, 3), True)]


def test_strikes_counted_since_a_date_are_no_event():
    text = "وشنت طائرات الاحتلال أكثر من أربعين غارة على مدينة رفح منذ 7 تشرين الأول."
    assert events(text) == []
    assert ("not_event", "since") in decisions(text)


def test_an_activists_profile_is_no_protest():
    text = "وخرج اليوم الناشط في الاحتجاجات الطلابية أحمد سالم من سجن الناصرية."
    assert events(text) == []
    assert ("not_event", "protest_background") in decisions(text)


def test_an_act_going_on_since_yesterday_is_news():
    text = "ويعتصم مئات العمال منذ صباح أمس أمام مبنى المحافظة في مدينة البصرة."
    assert [e.event_type for e in events(text)] == ["Protests"], decisions(text)
