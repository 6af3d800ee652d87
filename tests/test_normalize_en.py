"""The English speech normaliser, rule by rule: what eSpeak NG is given for news copy, what is left
alone because eSpeak reads it well, and the bugs of the earlier rules. Checked against eSpeak NG's
phonemes where the point is how it sounds."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from triptych.model import Article, Metadata, Paragraph, Text
from triptych.speech.cache import SpeechCache
from triptych.speech.normalize import normalize
from triptych.speech.normalize.en_words import cardinal, fraction, ordinal, pairs, year
from triptych.speech.normalize.numbers import roman
from triptych.speech.script import speech_script


def en(text: str) -> str:
    return normalize(text, "en-US")


def cases(*pairs_: tuple[str, str]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(("text", "spoken"), pairs_, ids=[t for t, _ in pairs_])


# --- number words ----------------------------------------------------------------------------


def test_number_words_are_american() -> None:
    assert cardinal(123) == "one hundred twenty-three"
    assert cardinal(18081) == "eighteen thousand eighty-one"
    assert ordinal(21) == "twenty-first"
    assert [year(y) for y in (1994, 1900, 1906, 2000, 2005, 2012, 1066)] == [
        "nineteen ninety-four",
        "nineteen hundred",
        "nineteen oh six",
        "two thousand",
        "two thousand five",
        "twenty twelve",
        "ten sixty-six",
    ]
    assert [pairs(n) for n in ("7", "42", "123", "1428", "2005", "1200", "12345")] == [
        "7",
        "42",
        "one twenty-three",
        "fourteen twenty-eight",
        "twenty oh five",
        "twelve hundred",
        "12345",
    ]
    assert fraction(1, 2) == "one half" and fraction(3, 4) == "three quarters" and fraction(5, 8) == "five eighths"
    assert [roman(r) for r in ("II", "VIII", "XIV", "XL", "LVIII", "IIII", "")] == [2, 8, 14, 40, 58, None, None]


# --- years and four-digit numbers -----------------------------------------------------------


@cases(
    ("The bridge opened in 1932.", "The bridge opened in nineteen thirty-two."),
    ("She was elected in 2012 and again in 2016.", "She was elected in twenty twelve and again in twenty sixteen."),
    ("the 2005 season", "the two thousand five season"),
    ("from 1906 until 2000", "from nineteen oh six until two thousand"),
    ("the 1994 World Cup", "the nineteen ninety-four World Cup"),
    ("served 1998-2004", "served nineteen ninety-eight to two thousand four"),
    ("the 2024–25 budget", "the twenty twenty-four to twenty-five budget"),
    ("from 1960-80", "from nineteen sixty to eighty"),
    ("Founded in July 1876, it", "Founded in July eighteen seventy-six, it"),
)
def test_years_are_read_in_pairs(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("1,200 people", "1,200 people"),
    ("about 1994 people", "about 1994 people"),
    ("more than 1850 residents", "more than 1850 residents"),
    ("The company cut 1994 jobs.", "The company cut 1994 jobs."),
    ("1500 kg of rice", "1500 kilograms of rice"),
    ("up 1200%", "up 1200%"),
    ("$1994", "1994 dollars"),
    ("No. 1994", "number 1994"),
    ("the 1000th visitor", "the 1000th visitor"),
    ("version 2.2019", "version 2.2019"),
    ("pages 2100-2200", "pages 2100 to 2200"),
)
def test_a_four_digit_quantity_is_not_a_year(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("the 1990s", "the nineteen nineties"),
    ("the 1980 s", "the nineteen eighties"),
    ("the 1960s-70s", "the nineteen sixties to seventies"),
    ("the 1920s–1930s", "the nineteen twenties to nineteen thirties"),
    ("in the '60s", "in the sixties"),
    ("70's music", "seventies music"),
)
def test_decades_and_their_ranges(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- dates --------------------------------------------------------------------------------------


@cases(
    ("on Nov. 17", "on November 17th"),
    ("on June 30", "on June 30th"),
    ("SEPT. 15 2020", "September 15th twenty twenty"),
    ("Born jan. 3, 1990, in", "Born January 3rd, nineteen ninety, in"),
    ("on 17 November", "on the 17th of November"),
    ("(4 June 2014).", "(the 4th of June twenty fourteen)."),
    ("the 25th of July", "the 25th of July"),
    ("on 1 Jan.", "on the 1st of January"),
    ("April 29th’s meeting", "April twenty-ninth’s meeting"),
    ("the Sept. 11 attacks", "the September 11th attacks"),
)
def test_a_day_is_an_ordinal_and_comes_after_the_if_it_comes_first(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("Nov. 17-19, at the fair", "November 17th to 19th, at the fair"),
    ("March 3–5.", "March 3rd to 5th."),
    ("Nov. 17–Dec. 2", "November 17th to December 2nd"),
    ("ages 5-12, free", "ages 5 to 12, free"),
)
def test_a_short_range_before_a_comma_is_read_as_a_range(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("The report, dated 2021-03-04, said", "The report, dated March 4th, twenty twenty-one, said"),
    ("on 03/04/2021.", "on March 4th, twenty twenty-one."),
    ("on 12.25.2019", "on December 25th, twenty nineteen"),
    ("on 15/01/2020", "on the 15th of January twenty twenty"),
    ("on 15-01-2020", "on the 15th of January twenty twenty"),
    ("2016/07/03", "July 3rd, twenty sixteen"),
    ("11/17/05", "November 17th, oh five"),
    ("on 12/25", "on December 25th"),
    ("2021-02-30", "2021-02-30"),
    ("version 1.2.10", "version 1.2.10"),
    ("a 5-4-03 play", "a 5-4-03 play"),
)
def test_numeric_dates(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("1/4 of voters", "one quarter of voters"),
    ("2/3 majority", "two thirds majority"),
    ("a 1/2-inch pipe", "a one half-inch pipe"),
    ("1/3rd", "one third"),
    ("31/32", "thirty-one thirty-seconds"),
    ("a 3/16 inch bolt", "a three sixteenths inch bolt"),
    ("2 1/2 cups", "2 and a half cups"),
    ("4 3/4 miles", "4 and three quarters miles"),
    ("2½ cups and ¾ of it", "2 and a half cups and three quarters of it"),
    ("3-1/2 inches", "3 and a half inches"),
    ("-1/2 cup", "minus one half cup"),
    ("1/100", "one one hundredth"),
)
def test_fractions(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("open 24/7", "open 24 7"),
    ("a 50/50 split", "a 50 50 split"),
    ("since 9/11", "since 9 11"),
    ("cash and/or cards", "cash and/or cards"),
    ("a 21/14 split", "a 21/14 split"),
    ("the 3/16 deadline", "the March 16th deadline"),
)
def test_not_every_slash_is_a_fraction(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- e-mail, web and IP addresses -------------------------------------------------------------


@cases(
    ("Write to tips@example.com.", "Write to tips at example dot com."),
    ("news2day@abc.com", "news 2 day at abc dot com"),
    ("a-1.b3_c&d@mail-4.co.uk", "a dash 1 dot b 3 underscore c ampersand d at mail dash 4 dot co dot U K"),
    ("redaktion@zeitung.de", "redaktion at zeitung dot D E"),
    ("the desk .b@gmail.com", "the desk. b at gmail dot com"),
)
def test_email_addresses(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("Visit https://www.example.org/news/a-1?utm=x.", "Visit www dot example dot org slash news slash a dash 1."),
    ("see http://city.gov.", "see city dot gov."),
    ("at example.com/donate_now/", "at example dot com slash donate underscore now"),
    ("www.paper.com.sm", "www dot paper dot com dot S M"),
    ("file:///photos/image.jpg", "file colon slash slash slash photos slash image dot jpeg"),
    ("IP address 192.168.0.40", "IP address 1 9 2 dot 1 6 8 dot 0 dot 4 0"),
)
def test_web_and_ip_addresses(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    (
        "e.g. this, i.e. that, 10 a.m., Ph.D., U.S. troops",
        "for example this, that is that, 10 a.m., P H D, U.S. troops",
    ),
    ("It ended.Then", "It ended.Then"),
    ("upgrade/update", "upgrade/update"),
)
def test_abbreviations_are_not_web_addresses(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- units --------------------------------------------------------------------------------------


@cases(
    ("5 kg of rice", "5 kilograms of rice"),
    ("1 kg", "1 kilogram"),
    ("12KG", "12 kilograms"),
    ("100 mbps", "100 megabits per second"),
    ("a 10-km race", "a 10 kilometer race"),
    ("a 5m-long python", "a 5 meter-long python"),
    ("the 100m.", "the 100 meters."),
    ("300 km/h", "300 kilometers per hour"),
    ("12 kg/m2", "12 kilograms per square meter"),
    ("2 lbs. of apples", "2 pounds of apples"),
    ("-0.4kg", "minus 0.4 kilograms"),
    ("25 x 7 m", "25 by 7 meters"),
    ("2-5 lb", "2 to 5 pounds"),
    ("He is 6'2\" tall.", "He is 6 feet 2 inches tall."),
    ('a 12" pizza', "a 12 inches pizza"),
    ("1°C", "1 degree Celsius"),
    ("-1°F", "minus 1 degree Fahrenheit"),
    ("72°F", "72 degrees Fahrenheit"),
    ("a 90° turn", "a 90 degrees turn"),
)
def test_units_after_numbers(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("About 5m people live there.", "About 5m people live there."),
    ("at 8 h 30", "at 8 h 30"),
    ('She said "I was 7" and left.', 'She said "I was 7" and left.'),
    ("the 4s and 5s", "the 4s and 5s"),
    ("a 2x4 board", "a 2x4 board"),
)
def test_what_only_looks_like_a_unit(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- money --------------------------------------------------------------------------------------


@cases(
    ("$20.50", "20 dollars 50 cents"),
    ("$20.5", "20 dollars 50 cents"),
    ("$20.500", "20 dollars 50 cents"),
    ("$2.01", "2 dollars 1 cent"),
    ("£2.01", "2 pounds 1 penny"),
    ("$1.234", "1.234 dollars"),
    ("$.02", "2 cents"),
    ("¥30b", "30 billion yen"),
    ("$5M", "5 million dollars"),
    ("a $1.5-billion deal", "a 1.5 billion dollar deal"),
    ("$5-10 million", "5 to 10 million dollars"),
    ("$50.00-$100.00", "50 dollars to 100 dollars"),
    ("$25–$40", "25 dollars to 40 dollars"),
    ("$20/mo or $350/yr", "20 dollars per month or 350 dollars per year"),
    ("$0.5/hr", "50 cents per hour"),
    ("a $12@12% code", "a $12@12% code"),
    ("C$5 billion", "5 billion Canadian dollars"),
    ("US$5", "5 dollars"),
    ("USD 5 or 5 EUR", "5 dollars or 5 euros"),
    ("₹5.50", "5 rupees 50 paise"),
    ("$50 bn", "50 billion dollars"),
    ("₩1000 and $1994", "1000 won and 1994 dollars"),
)
def test_amounts(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- telephone numbers ---------------------------------------------------------------------------


@cases(
    ("+1(123) 123-5678", "plus 1, 1 2 3, 1 2 3, 5 6 7 8"),
    ("+1 212-555-0142", "plus 1, 2 1 2, 5 5 5, 0 1 4 2"),
    ("(123)-123-5678", "1 2 3, 1 2 3, 5 6 7 8"),
    ("123-123-5678-1111", "1 2 3, 1 2 3, 5 6 7 8, 1 1 1 1"),
    ("call 555-0142-1", "call 5 5 5, 0 1 4 2, 1"),
    ("call 555-0142 ext. 12", "call 5 5 5, 0 1 4 2, extension 1 2"),
    ("212.555.0142", "2 1 2, 5 5 5, 0 1 4 2"),
    ("+44 20 7946 0958", "plus 4 4, 2 0, 7 9 4 6, 0 9 5 8"),
    ("between 500-1000 people", "between 500 to 1000 people"),
    ("a 123.4567 ratio", "a 123.4567 ratio"),
)
def test_telephone_numbers(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- times ----------------------------------------------------------------------------------------


@cases(
    ("at 01:00 am", "at 1 am"),
    ("at 1:00 a.m", "at 1 a.m"),
    ("at 8:00 a. m.", "at 8 a.m."),
    ("at 09:05", "at 9 oh 5"),
    ("at 1.59 p.m.", "at 1:59 p.m."),
    ("in 1:01:01", "in 1 hour 1 minute and 1 second"),
    ("in 2:05:30", "in 2 hours 5 minutes and 30 seconds"),
    ("from 4:00 am - 8:12 pm", "from 4 am to 8:12 pm"),
    ("9 a.m.-5 p.m.", "9 a.m. to 5 p.m."),
    ("from 1:15-2:45 p.m.", "from 1:15 to 2:45 p.m."),
    ("a 3:1 ratio", "a 3 to 1 ratio"),
    ("10:00-11:00", "10 o'clock to 11 o'clock"),
    ("at 00:00", "at midnight"),
)
def test_times(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- ranges, sums, signs -------------------------------------------------------------------------


@cases(
    ("won 102-98", "won 102 to 98"),
    ("pages 100-120", "pages 100 to 120"),
    ("rates of 5.25%-5.5%", "rates of 5.25% to 5.5%"),
    ("ISBN 978-0", "ISBN 978-0"),
    ("1,000-2,000 people", "1,000 to 2,000 people"),
    ("1.5-2.5 million", "1.5 to 2.5 million"),
    ("Jan.-Mar. 2020", "January to March twenty twenty"),
    ("Mar-a-Lago", "Mar-a-Lago"),
    ("2 × 3, 5 ÷ 2, 2^3", "2 times 3, 5 divided by 2, 2 to the power of 3"),
    ("SSN 123-45-6789", "SSN 1 2 3, 4 5, 6 7 8 9"),
    ("1-4=5", "1 minus 4 equals 5"),
    ("2*8", "2 times 8"),
    ("there -0.4", "there minus 0.4"),
    ("a .1665 average", "a point 1 6 6 5 average"),
    (".1 trillion", "point 1 trillion"),
    ("a .45-caliber gun", "a 45-caliber gun"),
    ("<pitch=-.3>", "<pitch=-.3>"),
    ("2th and 13rd", "2 th and 13 rd"),
    ("a 16-digit 1234567890123456", "a 16-digit 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6"),
)
def test_ranges_sums_and_signs(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- names, titles, addresses, Roman numerals ----------------------------------------------------


@cases(
    ("World War II", "World War two"),
    ("Henry VIII had six wives.", "Henry the eighth had six wives."),
    ("Henry III.", "Henry the third."),
    ("Pope John Paul II", "Pope John Paul the second"),
    ("Francis I--test", "Francis the first, test"),
    ("PART XL", "PART forty"),
    ("Super Bowl LVIII", "Super Bowl fifty-eight"),
    ("Title IX", "Title nine"),
    ("Malcolm X", "Malcolm X"),
    ("Class C", "Class C"),
    ("when Elizabeth I was queen", "when Elizabeth I was queen"),
    ("Charles V. Smith", "Charles V. Smith"),
    ("Sam and I", "Sam and I"),
    ("the war I fought", "the war I fought"),
    ("World War I ended", "World War one ended"),
    ("stage IV cancer", "stage four cancer"),
    ("the XXI century", "the twenty-first century"),
)
def test_roman_numerals(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("She lived at 1428 Elm St. It was quiet.", "She lived at fourteen twenty-eight Elm Street. It was quiet."),
    ("1428 Elm St. 4 doors down", "fourteen twenty-eight Elm Street 4 doors down"),
    ("on Main St. near the park", "on Main Street near the park"),
    ("at 123 Laguna Ct, Town", "at one twenty-three Laguna Court, Town"),
    ("1211 E Arques Ave", "twelve eleven East Arques Avenue"),
    ("1600 Pennsylvania Ave. NW, Washington", "sixteen hundred Pennsylvania Avenue Northwest, Washington"),
    ("350 Fifth Avenue, New York, NY 10118", "three fifty Fifth Avenue, New York, New York, 1 0 1 1 8"),
    ("2 San Tomas hwy, Santa, FL, 95051", "2 San Tomas Highway, Santa, Florida, 9 5 0 5 1"),
    ("1428 Elm Dr. Smith said", "fourteen twenty-eight Elm Drive. Smith said"),
    ("in St. Louis", "in Saint Louis"),
    ("Visit St. Paul", "Visit St. Paul"),
)
def test_addresses(text: str, spoken: str) -> None:
    assert en(text) == spoken


@cases(
    ("Hon. Jane Doe of Warner Bros. said", "Honorable Jane Doe of Warner Brothers said"),
    ("shares of Acme Corp.", "shares of Acme Corporation."),
    ("Ford Motor Co. said", "Ford Motor Company said"),
    ("the Natl. Guard", "the National Guard"),
    ("Apt. 5B, Ste. 200", "Apartment 5B, Suite 200"),
    ("Mr. Smith", "Mister Smith"),
    ("Mrs. Norris", "Mrs Norris"),
    ("No. 4 seed", "number 4 seed"),
    ("the no. 4 seed", "the number 4 seed"),
    ("She said no. 4 others agreed.", "She said no. 4 others agreed."),
)
def test_titles_and_number_signs(text: str, spoken: str) -> None:
    assert en(text) == spoken


# --- the text, the captions and the cache ---------------------------------------------------------


def _said(sentence: str) -> tuple[str, str]:
    article = Article(meta=Metadata(title="T", language="en"), blocks=(Paragraph(children=(Text(sentence),)),))
    segment = next(s for s in speech_script(article) if s.kind == "sentence")
    return segment.text, segment.spoken


def test_captions_keep_the_text_as_written_and_the_cache_keys_on_the_spoken_text() -> None:
    written = "The fair runs Nov. 17-19 at 1428 Elm St. and costs $20.50."
    text, spoken = _said(written)
    assert text == written
    assert (
        spoken
        == "The fair runs November 17th to 19th at fourteen twenty-eight Elm Street and costs 20 dollars 50 cents."
    )
    other_text, other_spoken = _said("The fair runs November 17th to 19th at 1428 Elm Street and costs $20.50.")
    assert other_text != text and other_spoken == spoken
    key = SpeechCache.key
    assert key(spoken, "en", 175, "e", 22050) == key(other_spoken, "en", 175, "e", 22050)


@pytest.mark.parametrize("tag", ["en", "en-US", "en-GB"])
def test_every_english_tag_gets_the_rules(tag: str) -> None:
    assert normalize("on 1/4 of 2012 days", tag) == "on one quarter of twenty twelve days"


@pytest.mark.parametrize(
    "text",
    ["", " ", "$", "@", "1/0", "0/0", "99/99/9999", "2000-00-00", "1e400", "9" * 400, "$.", "+1", "IIII", "MMMM X"],
)
def test_odd_input_does_not_raise(text: str) -> None:
    assert isinstance(en(text), str)


# --- what eSpeak NG makes of it --------------------------------------------------------------------

ESPEAK = shutil.which("espeak-ng")


def phonemes(text: str) -> str:
    assert ESPEAK is not None
    done = subprocess.run([ESPEAK, "-q", "-x", "-v", "en-us"], input=text, capture_output=True, text=True, check=True)
    return done.stdout


# (written, phonemes the normalised text must give, phonemes it must not give)
HEARD = [
    ("1994", ["n'aInti:n n'aInti"], ["h'VndrI2d"]),
    ("2012", ["tw'Enti tw'Elv"], ["T'aUz@nd"]),
    ("June 30", ["T'3:t#i@T"], []),
    ("15 January", ["D@2 f'Ifti:nT Vv"], []),
    ("1/4", ["kw'O@t#3"], ["sl'aS"]),
    ("Henry VIII", ["DI2; 'eItT"], ["r,oUm@n"]),
    ("World War II", ["w'O@ t'u:"], ["r,oUm@n"]),
    ("a@hotmail.de", ["d'0t d'i:"], ["_at_"]),
    ("asdf123@abc.com", ["w'Vn t'u: Tr'i:"], ["h'VndrI2d"]),
    ("+1(123) 123-5678", ["pl'Vs w'Vn"], ["Il'Ev@n"]),
    ("123-123-5678-1", ["s'Ev@n 'eIt"], [" t@ ", "d'aS"]),
    ("1:00 a.m", ["w'Vn ,eI'Em"], ["@kl'0k"]),
    ("01:00 am", ["w'Vn ,eI'Em"], ["z'i@roU"]),
    ("Nov. 17-19,", ["s'Ev@nt,i:nT t@ n'aInti:nT"], ["d'aS"]),
    ("12 kg", ["k'Il@gr,amz"], []),
    ("1°C", ["dI#gr'i: "], ["dI#gr'i:z"]),
    (".1665", ["p'OInt w'Vn s'Iks"], ["d'0t"]),
]


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(("text", "wanted", "unwanted"), HEARD)
def test_espeak_reads_the_normalised_text_well(text: str, wanted: list[str], unwanted: list[str]) -> None:
    heard = phonemes(en(text))
    for sound in wanted:
        assert sound in heard, f"{text!r}: {sound!r} not in {heard!r}"
    for sound in unwanted:
        assert sound not in heard, f"{text!r}: {sound!r} in {heard!r}"


@pytest.mark.parametrize("tag", ["en", "nl", "zz"])
def test_a_web_address_loses_its_scheme_and_query_in_every_language(tag: str) -> None:
    spoken = normalize("See https://www.example.org/a/b/?utm=1#top, or http://x.org.", tag)
    assert "http" not in spoken and "utm" not in spoken and "top" not in spoken
    if tag != "en":
        assert spoken == "See www.example.org/a/b, or x.org."
