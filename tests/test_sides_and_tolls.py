"""Who was acted on (actor2) and how many died: one test per construction of issue 12.
Texts are our own; each names its construction."""
from datetime import date

from rasd.pipeline import extract

DAY = date(2024, 3, 10)


def events(text, published=DAY):
    return extract(text, published)


def only(text, published=DAY):
    found = events(text, published)
    assert len(found) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.location) for e in found]
    return found[0]


# -- How many -------------------------------------------------------------------------------

def test_a_later_toll_update_gives_the_event_its_new_total():
    event = only("قصفت طائرات حربية إسرائيلية، اليوم، منزلاً في بلدة عيترون، ما أدى إلى مقتل ثلاثة أشخاص.\n"
                 "وفي وقت لاحق، ارتفع عدد القتلى إلى سبعة بعد انتشال جثث من تحت الأنقاض.")
    assert event.fatalities == 7


def test_a_total_since_a_date_is_not_the_events_toll():
    event = only("قصفت طائرات حربية إسرائيلية، اليوم، منزلاً في بلدة عيترون، ما أدى إلى مقتل ثلاثة أشخاص.\n"
                 "ويرتفع بذلك عدد القتلى في الجنوب منذ بداية الشهر إلى ٤٠ قتيلاً.")
    assert event.fatalities == 3


# -- Canonical names by context ---------------------------------------------------------------

def test_another_countrys_generic_phrase_yields_the_shorter_local_one():
    from rasd.pipeline import annotate
    mentions = annotate("في مدينة الديوانية، رشق محتجون عناصر الشرطة بالحجارة أمام مبنى المحافظة.", DAY)
    assert "Police Forces of Iraq" in {m.value for m in mentions if m.kind == "actor"}


# -- Constructions that reverse roles -------------------------------------------------------

def test_an_air_strike_of_x_makes_x_the_attacker():
    event = only("نفذت غارة جوية للتحالف الدولي، اليوم، على موقع في بلدة الشحيل بريف دير الزور.")
    assert (event.actor1, event.actor2) == ("International Coalition", None)


def test_missiles_fired_by_a_drone_of_x_make_x_the_attacker():
    event = only("سقطت صواريخ أطلقتها مسيّرة تركية، اليوم، على منزل في قرية تل طويل بريف الحسكة، "
                 "ما أدى إلى مقتل طفل.")
    assert (event.actor1, event.actor2, event.fatalities) == ("Military Forces of Turkey", "Civilians", 1)


def test_an_accusation_leaves_the_attacker_unidentified_and_goes_to_the_notes():
    event = only("اتهمت قوات سوريا الديمقراطية، اليوم، الجيش التركي بقصف قرية تل طويل بريف الحسكة، "
                 "ما أدى إلى مقتل مدنيين اثنين.")
    assert event.actor1 == "Unidentified Armed Group"
    assert "Syrian Democratic Forces accused Military Forces of Turkey" in event.notes


def test_killed_at_the_hands_of_y_makes_y_the_attacker():
    event = only("قُتل مختار قرية الشحيل، اليوم، بالرصاص على يد عناصر من تنظيم داعش في بلدة الشحيل.")
    assert (event.actor1, event.actor2) == ("Islamic State", "Civilians")


def test_the_object_of_an_ambush_is_its_target():
    event = only("نصب مسلحون من العشائر كميناً لدورية من قسد في بلدة الشحيل بريف دير الزور، "
                 "ما أدى إلى مقتل عنصرين.")
    assert (event.actor1, event.actor2) == ("Tribal Militia (Syria)", "Syrian Democratic Forces")


def test_a_patrol_targeted_with_a_bomb_is_the_target():
    event = only("استُهدفت، اليوم، دورية لقوات النظام بعبوة ناسفة في بلدة طفس بريف درعا، ما أدى إلى مقتل عنصرين.",
                 date(2022, 5, 1))
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group", "Military Forces of Syria (2000-2024)")


def actors_in(text, published=DAY):
    from rasd.pipeline import annotate
    return [m.value for m in annotate(text, published) if m.kind == "actor"]


def test_the_north_easts_internal_security_forces_are_not_the_sdf_itself():
    named = actors_in("اعتقلت قوى الأمن الداخلي، اليوم، ثلاثة شبان في مدينة القامشلي بريف الحسكة.")
    assert named[0] == "Asayish: Internal Security Forces of North and East Syria"


def test_saudi_aircraft_in_a_yemeni_report_are_the_coalitions_and_its_artillery_saudi():
    text = ("شن الطيران السعودي، اليوم، غارتين على مديرية رازح في محافظة صعدة، فيما قصفت المدفعية السعودية "
            "قرى في مديرية شدا الحدودية.")
    assert actors_in(text)[:2] == ["Operation Restoring Hope", "Military Forces of Saudi Arabia"]


# -- The side acted on ------------------------------------------------------------------------

def test_detainees_with_no_armed_group_named_are_civilians():
    event = only("داهمت قوات النظام، فجر اليوم، بلدة طفس بريف درعا الغربي، واعتقلت خمسة شبان من أبنائها.",
                 date(2022, 5, 1))
    assert (event.sub_event_type, event.actor2) == ("Arrests", "Civilians")


def test_detainees_tied_to_an_armed_group_take_its_name_and_partners_do_not():
    event = only("اعتقلت القوات الأمنية العراقية، بالتنسيق مع جهاز الأمن الوطني، قيادياً في تنظيم داعش "
                 "في قضاء الحويجة غربي كركوك.")
    assert (event.actor1, event.actor2) == ("Military Forces of Iraq", "Islamic State")


def test_a_force_that_breaks_up_a_protest_in_a_later_sentence_is_actor2():
    found = events("تظاهر مئات المحتجين، مساء اليوم، أمام مبنى البلدية في مدينة النبطية جنوبي لبنان احتجاجاً على قرارات الحكومة.\n"
                   "وأوضح المنظمون أن التظاهرة بدأت سلمية.\n"
                   "وأطلقت قوى الأمن الداخلي قنابل الغاز المسيل للدموع لتفريقهم.")
    protests = [e for e in found if e.event_type == "Protests"]
    assert [e.actor2 for e in protests] == ["Police Forces of Lebanon"]


def test_the_authority_protested_against_is_not_actor2():
    event = only("تظاهر العشرات، اليوم، في مدينة السويداء احتجاجاً على ممارسات قوات النظام.", date(2022, 5, 1))
    assert (event.actor1, event.actor2) == ("Protesters", None)


def test_the_side_that_withdraws_is_actor2_of_a_transfer_of_territory():
    event = only("أعلن الجيش السوري، اليوم، انتشار وحداته في بلدة مسكنة بريف حلب الشرقي، "
                 "بعد إعلان قوات سوريا الديمقراطية انسحابها منها.", date(2026, 1, 20))
    assert (event.actor1, event.actor2) == ("Military Forces of Syria (2024-)", "Syrian Democratic Forces")


def test_targets_named_in_the_next_sentence_are_actor2():
    event = only("استهدفت طائرة مسيّرة إسرائيلية، اليوم، سيارة على طريق بلدة كفرا في قضاء بنت جبيل، "
                 "ما أدى إلى مقتل شخصين.\nوكان القتيلان من عناصر حزب الله.")
    assert (event.actor1, event.actor2, event.fatalities) == ("Military Forces of Israel", "Hezbollah", 2)


def test_houses_a_force_blows_up_belong_to_civilians():
    event = only("فجّر الجيش الإسرائيلي أربعة منازل في بلدة عيتا الشعب الحدودية ليل أمس.")
    assert (event.sub_event_type, event.actor2) == ("Looting/property destruction", "Civilians")


def test_a_toll_the_text_splits_between_places_is_split():
    found = events("قُتل شخصان في بلدة كفرنبل وثلاثة في بلدة حاس جراء قصف مدفعي لقوات النظام، اليوم.",
                   date(2019, 5, 1))
    assert sorted((e.location, e.fatalities) for e in found) == [("Has", 3), ("Kafr Nobol", 2)]


def test_a_toll_for_several_places_together_is_not_split():
    found = events("قُتل خمسة أشخاص جراء قصف مدفعي لقوات النظام، اليوم، على بلدتي كفرنبل وحاس.",
                   date(2019, 5, 1))
    assert sorted(e.fatalities for e in found) == [5, 5]


def test_those_a_verb_of_undergoing_names_are_acted_on():
    event = only("تعرضت قوات الجيش العراقي، اليوم، لهجوم بالأسلحة الخفيفة من قبل عناصر داعش في قضاء الطارمية.")
    assert (event.actor1, event.actor2) == ("Islamic State", "Military Forces of Iraq")


def test_the_subject_of_a_verb_written_passive_is_acted_on():
    event = only("استُهدف عناصر الحشد الشعبي، اليوم، بعبوة ناسفة في قضاء الطارمية شمالي بغداد.")
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group", "Popular Mobilization Forces")


def test_the_coalitions_strikes_agree_with_coders_who_name_the_saudi_forces():
    from rasd.evaluate import _families, actor_agrees
    assert actor_agrees("Military Forces of Saudi Arabia", "Operation Restoring Hope", _families())
    assert actor_agrees("Syrian Democratic Forces", "Asayish: Internal Security Forces of North and East Syria",
                        _families())


def test_a_feud_between_two_clans_has_the_clans_on_both_sides():
    found = events("تجدد مساء أمس الإشكال بين عشيرتين في بلدة دورس، وتطور إلى اشتباك بالأسلحة الرشاشة، "
                   "ما أدى إلى مقتل شاب.")
    assert {(e.actor1, e.actor2) for e in found} == {("Tribal Militia (Lebanon)", "Tribal Militia (Lebanon)")}


def test_a_direct_hit_on_a_site_injures_no_one_and_its_nationality_names_the_target():
    event = only("استهدف مجاهدو المقاومة الإسلامية، اليوم، موقع المالكية الإسرائيلي قرب بلدة عيترون "
                 "بالأسلحة الصاروخية وأصابوه إصابة مباشرة.")
    assert (event.actor1, event.actor2, event.injuries) == ("Hezbollah", "Military Forces of Israel", None)


def test_the_side_that_raided_started_the_clash():
    event = only("اندلعت مواجهات مسلحة، اليوم، بين مقاتلين من سرايا القدس وقوات الاحتلال التي اقتحمت "
                 "مخيم طولكرم.", date(2023, 11, 9))
    assert (event.actor1, event.actor2) == ("Military Forces of Israel", "Palestinian Islamic Jihad")


def test_forces_a_targeted_base_hosts_are_hit_even_after_a_comma():
    found = events("أعلنت فصائل عراقية، مساء أمس، استهداف قاعدة عين الأسد الجوية غربي الأنبار، "
                   "التي تضم قوات أمريكية، برشقة من الصواريخ.", date(2024, 1, 21))
    assert found and all(e.actor2 == "Military Forces of the United States" for e in found)


def test_a_partner_of_the_attacker_is_not_its_target():
    event = only("شنت قوات سوريا الديمقراطية بالتعاون مع التحالف الدولي، اليوم، حملة دهم واعتقالات "
                 "في بلدة الشحيل طالت خمسة شبان.", date(2022, 3, 15))
    assert (event.actor1, event.actor2) == ("Syrian Democratic Forces", "Civilians")


def test_the_owner_of_a_downed_drone_is_acted_on():
    event = only("أعلنت القوات المسلحة اليمنية أن دفاعاتها الجوية أسقطت طائرة أمريكية من نوع MQ-9 "
                 "في أجواء محافظة مأرب.", date(2024, 2, 25))
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Disrupted weapons use", "Ansar Allah", "Military Forces of the United States")


def test_whose_attack_it_was_is_the_attacker_and_the_force_that_repelled_it_the_target():
    event = only("صدت قوات الجيش الوطني فجر اليوم هجوماً للحوثيين على مواقعها في جبهة الكسارة غرب مأرب.")
    assert (event.actor1, event.actor2) == ("Ansar Allah", "Military Forces of Yemen")


def test_victims_and_toll_of_the_sentence_an_event_explains_are_its_own():
    found = events("قُتل عنصران من قوات النظام صباح اليوم في بلدة طفس بريف درعا الغربي.\n"
                   "وجاء ذلك إثر هجوم شنه مسلحون مجهولون على حاجز في البلدة.", date(2022, 5, 1))
    assert [(e.actor1, e.actor2, e.fatalities) for e in found] == [
        ("Unidentified Armed Group", "Military Forces of Syria (2000-2024)", 2)]
