"""THE rule table: code, slug, default severity, summary and help; docs and SARIF come from here.

Codes are stable once published: a retired code stays here, marked retired, never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

DOCS_URI = "https://github.com/kcheck/kcheck/blob/main/docs/rules.md"


LEVELS = ("note", "warning", "error")
"""The severities in --fail-on order: LEVELS[severity.rank] is severity.value, read without the
enum's `value` property (Python code, a call from compiled code)."""


class Severity(str, Enum):
    """How much a finding matters; `--fail-on` compares against this order."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    def __init__(self, value: str) -> None:
        self.rank = LEVELS.index(value)
        """Order for --fail-on: note < warning < error (an attribute: rows sort and pick findings by it)."""


@dataclass(frozen=True)
class Rule:
    """One check kcheck can report."""

    code: str
    slug: str
    severity: Severity
    summary: str
    help: str
    fixable: bool = False

    @property
    def help_uri(self) -> str:
        """Anchor of this rule in docs/rules.md (SARIF helpUri)."""
        return f"{DOCS_URI}#{self.code.lower()}-{self.slug}"


def _rule(code: str, slug: str, severity: Severity, summary: str, text: str, fixable: bool = False) -> Rule:
    return Rule(code, slug, severity, summary, " ".join(text.split()), fixable)


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        # KC1xx: reading the label
        _rule(
            "KC101",
            "unreadable",
            E,
            "No dose could be read",
            """kcheck found no number followed by a unit (mcg, mg, g, IU). The message gives the
              character span where reading stopped.""",
        ),
        _rule(
            "KC102",
            "ambiguous-number",
            E,
            "The number has more than one reading",
            """A decimal comma ("1,5 mg"), a thousands dot ("1.000 mg") or a space inside a number
              ("1 250 mg") can each be read two ways, up to 1000x apart. kcheck lists the
              candidates instead of guessing; batch --decimal-comma says what a file means. A
              restated equivalent that agrees with exactly one reading settles it.""",
        ),
        _rule(
            "KC103",
            "ambiguous-unit",
            E,
            "The unit has more than one reading",
            """"MG"/"Mg" (megagauss and megagram in SI; "MCG" with a letter lost), "gr" (grain or
              gram), "units" of a substance without an IU factor, and a dose with no unit are not
              read as a number. Write mcg, mg or g in lower case. MCG and IU are safe in capitals.""",
        ),
        _rule(
            "KC104",
            "unspecified-form",
            W,
            "The label does not say which form",
            """"Vitamin K2" without MK-4 or MK-7, "vitamin K" or "vitamin D" cannot be set beside
              form-specific studies: MK-4 and MK-7 doses differ about 1000x and the results of one
              form do not carry over to another.""",
        ),
        _rule(
            "KC105",
            "iu-without-factor",
            E,
            "IU of a substance with no cited IU factor",
            """International units are defined per substance. kcheck converts IU to mass only
              with a cited factor (vitamin D: 1 mcg = 40 IU, IOM 2011). IU of vitamin K, or of a
              substance the label does not name, is not converted.""",
        ),
        _rule(
            "KC106",
            "no-nutrient",
            W,
            "No vitamin K or D named for an amount",
            """The amount was read but the label names no vitamin K or D form for it, so there is
              nothing to compare it with. Amounts of other ingredients (calcium, DHA, ...) are
              listed under "others".""",
        ),
        _rule(
            "KC107",
            "order-attachment",
            W,
            "Amounts matched to names by their order",
            """"d3 k2 125 mcg 50 mcg" lists names then amounts; kcheck pairs them in order and says
              so, because the label itself does not bind each amount to its name.""",
        ),
        _rule(
            "KC108",
            "words-not-read",
            W,
            "Words next to a dose were not read",
            """A word kcheck does not know stands where it could change the dose: after a slash or a
              per word ("50,000 IU/fortnight"), after "every", right after an amount that says nothing
              of how often ("50000 IU tygodniowo": a period in a language kcheck does not read), or a
              number and a word after the amount ("co 2 tygodnie"); two frequencies or dose counts
              that disagree ("daily x3"), a later phase's frequency ("... then monthly"), a dose at
              birth, a one-time word by another amount ("90,000 IU versus 300,000 IU single dose"),
              a negation that says what the dose is not ("not 400 IU, but 667 IU"), a unit conversion
              ("1 mcg = 40 IU") and its examples, or a list of strengths ("400/800 IU": which one is
              taken?). kcheck reads the amount, names the words it skipped, and does not assume a daily
              amount.""",
        ),
        _rule(
            "KC109",
            "nutrient-inferred",
            W,
            "The nutrient was inferred from the IU-to-mass ratio",
            """No nutrient is named, but an amount in IU is restated as a mass at exactly 40 IU per
              mcg, the vitamin D convention (IOM 2011): kcheck reads it as vitamin D with no form
              named, and says so. Name the nutrient on the label.""",
        ),
        _rule(
            "KC110",
            "text-repaired",
            W,
            "Text damaged by an export was read as repaired",
            """UTF-8 text read back as cp1252 or latin-1 turns one character into two or three ("µ"
              into "Âµ", an en dash into "â€“", "é" into "Ã©"). kcheck reads such a sequence as the
              character it stands for, and says so, showing the text as written and as read, so
              that "1â€“5 mg" is read as the range 1-5 mg and never as 5 mg. Fix the export's
              encoding (batch: --encoding). A unit typed with look-alike letters of the other script
              ("2000 ME" with Latin M and E in a Cyrillic label, for МЕ) is read as that unit and
              named the same way.""",
        ),
        _rule(
            "KC111",
            "label-too-long",
            E,
            "Only the first 2,000 characters of the label were read",
            """kcheck reads at most 2,000 characters of one label (ending between words when one ends
              nearby), so a runaway cell or catalogue line costs bounded time. The finding names the
              characters that were not read; split the text or shorten it.""",
        ),
        _rule(
            "KC112",
            "number-out-of-range",
            E,
            "A number is outside the range kcheck reads",
            """A number of more than 15 digits, scientific notation ("1.5e2"), a sign ("-45 mcg"), a
              zero or a divide by zero ("1/0"), an amount above 1 kg, or a frequency outside 1/365 to
              100 doses a day ("every 0 days", "0 times daily"), is not read as a dose: kcheck says so
              instead of computing with it. A label whose frequency is refused gets no daily amount:
              kcheck does not assume one serving a day in its place.""",
        ),
        _rule(
            "KC113",
            "name-assumed",
            W,
            "A misspelled name was read as the one name it is closest to",
            """A word one or two letters away from exactly one known name ("Cholecalcifreol") is
              read as that name, and the finding says which. Digits are never changed, so
              menaquinone-4 is never read as menaquinone-7. Correct the spelling on the label.""",
        ),
        # KC2xx: safety writing (ISMP / Joint Commission), read from the raw text
        _rule(
            "KC201",
            "micro-symbol",
            W,
            "Write mcg, not µg/μg/ug",
            """ISMP List of Error-Prone Abbreviations (2021) and The Joint Commission: "µg" is
              mistaken for "mg", a 1000x overdose. Write "mcg".""",
            fixable=True,
        ),
        _rule(
            "KC202",
            "trailing-zero",
            W,
            "Trailing zero after a decimal point",
            """ISMP and The Joint Commission "Do Not Use" list: "45.0 mg" is misread as 450 mg.
              Write "45 mg".""",
            fixable=True,
        ),
        _rule(
            "KC203",
            "naked-decimal",
            W,
            "Decimal without a leading zero",
            """ISMP and The Joint Commission "Do Not Use" list: ".5 mg" is misread as 5 mg. Write
              "0.5 mg".""",
            fixable=True,
        ),
        _rule(
            "KC204",
            "unit-run-together",
            W,
            "Number and unit run together",
            """ISMP List of Error-Prone Abbreviations: in "45mcg" or "10mg" the unit's first letter
              can read as a digit. Write "45 mcg".""",
            fixable=True,
        ),
        _rule(
            "KC205",
            "iu-without-mass",
            W,
            "IU given without the mass amount",
            """FDA's 2016 labeling rule (81 FR 33742) declares vitamin D in mcg, with IU allowed in
              parentheses; ISMP and The Joint Commission list "IU" as error-prone. Give the mass
              first: "25 mcg (1,000 IU)".""",
        ),
        _rule(
            "KC206",
            "latin-frequency",
            W,
            "Latin frequency abbreviation",
            """ISMP and The Joint Commission: qd, qod, od, tid, bid, hs are misread (qd as qid).
              Write "daily", "every other day", "three times daily".""",
        ),
        _rule(
            "KC207",
            "symbol-between-doses",
            W,
            "'+', '&' or '@' between doses",
            """ISMP List of Error-Prone Abbreviations: "+" is read as 4, "&" as 2, "@" as 2.
              Write "and" or "at".""",
        ),
        # KC3xx: the dose set beside the studied regimens
        _rule(
            "KC301",
            "same-digits",
            W,
            "Same digits as a studied dose, units far apart",
            """The label's number equals a studied regimen's number but the units are at least
              100x apart (45 mcg vs 45 mg). The numbers look alike; the doses do not.""",
        ),
        _rule(
            "KC302",
            "below-studied",
            N,
            "Below the lowest dose of this form studied for bone in kcheck's data",
            """The daily amount is below the lowest daily dose of the same form that was studied
              for a bone outcome among the trials in kcheck's data (not every trial is encoded).
              This says what was studied, not what the label will do.""",
        ),
        _rule(
            "KC303",
            "form-mismatch",
            W,
            "Compared with a study of another form",
            """A finding sets the label beside a regimen of another form. Results for one form do
              not carry over to another, and the message quotes what is known about the pair: at
              nutritional doses MK-4 was not detectable in serum where MK-7 was (Sato 2012, MK-4
              vs MK-7); MK-7 has a much longer half-life than K1 (Schurgers 2007, K1 vs MK-7).""",
        ),
        _rule(
            "KC304",
            "implausible-amount",
            E,
            "Outside the plausible band for the form: likely a unit typo",
            """The amount is outside the band of amounts seen for this form in cited studies and
              products (data/forms.yaml gives each band and the reason for its edges). When a
              1000x shift lands inside the band, kcheck suggests it.""",
        ),
        _rule(
            "KC305",
            "above-upper-limit",
            W,
            "Above the tolerable upper intake level",
            """The daily amount is above the cited upper limit for the age (vitamin D, IOM 2011:
              63 mcg/day at 1-3 y, 75 mcg/day at 4-8 y, 100 mcg/day from 9 y, including adults).
              Give the age with --age (label, batch), an age column (batch) or an age key
              (catalogue); without one the adult limit applies and the message says so. The
              infant rows are not verified, and a finding resting on one says so.""",
        ),
        _rule(
            "KC306",
            "above-market-limit",
            E,
            "Above the market's vitamin D non-prescription limit",
            """With --market ca: Health Canada allows vitamin D without prescription up to 62.5 mcg
              (2,500 IU) per dosage form or daily dose (Prescription Drug List notice, 2021).
              Vitamin K is KC308.""",
        ),
        _rule(
            "KC307",
            "anticoagulant-interaction",
            N,
            "Vitamin K and vitamin K antagonists",
            """Each form gets its own evidence. MK-7: from 10 mcg/day, INR fell in a subset of
              healthy volunteers on acenocoumarol (Theuwissen 2013), and 50 mcg/day or more may
              interfere with oral anticoagulants (Schurgers 2007). MK-4: Glakay (45 mg/day) is
              contraindicated with warfarin on its Japanese label; no threshold was studied for
              lower MK-4 doses, so the note applies at any amount. K1, K3 and vitamin K with no
              form named: vitamin K affects vitamin K antagonists, and no threshold was studied
              for these forms, so the note applies at any amount. Vitamin K2 with no MK-n named
              gets both notes ("if MK-7: ...; if MK-4: ...").""",
        ),
        _rule(
            "KC308",
            "above-vitamin-k-market-limit",
            W,
            "Above the market's vitamin K limit (2005 regulation, current status not verified)",
            """With --market ca: the 2005 Health Canada regulation (SOR/2005-307) allows oral
              vitamin K1 and K2 without prescription only up to 120 mcg/day, and keeps other
              vitamin K (menadione, K3) on the prescription list at any amount. Only the 2005
              text was seen: its current status is not verified, so this is a warning, and the
              finding is marked unverified.""",
        ),
        _rule(
            "KC309",
            "market-limit-form-not-named",
            N,
            "Form not named, so the market's limit cannot be applied",
            """With --market ca: the 2005 exemption (SOR/2005-307) covers only vitamin K1 and
              K2; for "vitamin K" with no form named it cannot be confirmed. Name the form.""",
        ),
        # KC4xx: label consistency (lint)
        _rule(
            "KC401",
            "dv-mismatch",
            W,
            "Printed %DV does not match the amount",
            """The printed percent does not match the amount divided by the market's daily value
              (US DV: 120 mcg K, 20 mcg D; EU NRV: 75 mcg K, 5 mcg D) beyond rounding.""",
        ),
        _rule(
            "KC402",
            "equivalents-disagree",
            E,
            "Mass and IU disagree",
            """Two statements of the same amount disagree ("5000 IU (200 micrograms)": 5000 IU of
              vitamin D is 125 mcg). kcheck does not pick one.""",
        ),
        _rule(
            "KC403",
            "missing-anticoagulant-warning",
            W,
            "Vitamin K product without an anticoagulant warning",
            """Products with vitamin K should warn people taking vitamin K antagonists
              (Theuwissen 2013; Schurgers 2007).""",
        ),
        _rule(
            "KC404",
            "menadione",
            E,
            "Menadione (K3) in a human supplement",
            """Menadione is a synthetic form, not a dietary-supplement vitamer; menadiol sodium
              diphosphate is a licensed prescription medicine in the UK.""",
        ),
        _rule(
            "KC405",
            "claim-not-delivered",
            E,
            "Claims a regimen it does not deliver",
            """The product claims a studied regimen but its form differs, or its daily dose is
              2x or more away from the regimen's.""",
        ),
        # KC5xx: catalogue structure (lint)
        _rule(
            "KC501",
            "schema",
            E,
            "Catalogue schema error",
            """A required field is missing,
              has the wrong type, or a key is unknown (with a did-you-mean).""",
        ),
        _rule("KC502", "duplicate-id", E, "Duplicate product id", """Two products share an id."""),
        _rule(
            "KC503",
            "duplicate-key",
            E,
            "Duplicate YAML key",
            """PyYAML silently keeps the last of two equal keys; the first value is lost.""",
        ),
        _rule("KC504", "yaml-syntax", E, "Unparseable YAML", """The file is not valid YAML."""),
        _rule(
            "KC505",
            "unused-suppression",
            W,
            "Suppression comment that suppresses nothing",
            """A `# kcheck: ignore[...]` comment names a code that was not reported on its line.""",
        ),
        _rule(
            "KC506",
            "file-unreadable",
            E,
            "Catalogue file that cannot be read",
            """A file given or found is a broken symbolic link, cannot be opened (permissions) or is
              not UTF-8. Every other file is still linted and reported; the run exits 2.""",
        ),
        # KC6xx: a document's claims set beside the evidence (scan)
        _rule(
            "KC601",
            "drug-dose-as-supplement",
            W,
            "A milligram dose presented as what supplements give",
            """The sentence presents a milligram amount of vitamin K or K2 as what "a K2 supplement" or
              "most supplements" give, but in kcheck's data the only products at that amount are
              named MK-4 products (Glakay, a prescription drug in Japan: 15 mg three times daily)
              and every studied regimen at that amount is the MK-4 (menatetrenone) drug regimen.
              The K2 supplements in kcheck's data give micrograms of MK-7. The finding names the
              products and regimens it rests on.""",
        ),
        _rule(
            "KC602",
            "reference-intake-mismatch",
            W,
            "A reference intake that differs from the market's cited values",
            """A vitamin K (or vitamin D) reference intake stated for a market the sentence names
              (or --market) is none of the values kcheck's data cites for that market, of the kind
              the sentence names: a daily value, a nutrient reference value, or (when it names none,
              or says AI, DRI, RDA) an adequate intake. Vitamin K: US AI 120 mcg men, 90 mcg women,
              DV 120 mcg; EU NRV 75 mcg, EFSA AI 70 mcg (K1); Japan AI 150 mcg. Vitamin D: US DV
              20 mcg, EU NRV 5 mcg only (no adequate intake is cited, so none is checked). The text
              may quote an older edition ("the Japanese DRI is 60 mcg/day"): the finding gives the
              cited values with their sources. Sentences about children, adolescents or pregnancy
              are left alone, since most cited rows are adults'.""",
        ),
        _rule(
            "KC603",
            "ratio-mismatch",
            W,
            "A stated ratio the amounts do not bear out",
            """A ratio in the text ("1000 times less", "200 to 300 times the recommended intake")
              is checked against the document's own amounts in that sentence (or the sentence
              before it), by mass and, for two named forms, by moles, and against the cited
              reference intakes when the sentence names one. A ratio within 10 % of one of these
              passes; otherwise the finding gives the ratios the amounts do give. A mass or molar
              ratio is a ratio of doses, not of effects.""",
        ),
        _rule(
            "KC604",
            "fracture-claim-cautions",
            W,
            "A fracture-reduction claim next to a dose, without the published cautions",
            """A sentence claims fewer fractures next to a vitamin K dose (in it, or in the sentence
              before or after). The finding quotes the published cautions for the dose's form:
              for MK-4 (and K or K2, which may be MK-4) the Cockayne 2006 pooled odds ratios
              (odds, not risk) with the 2018 caution to readers, the two retracted menatetrenone
              trials, the negative primary endpoint of the OF study (Inoue 2009) and the
              menatetrenone-only meta-analysis; for K1 (and K) the ECKO trial, whose fewer
              fractures were a secondary outcome it was not powered for (Cheung 2008); for every
              form the Mott 2019 update (no evidence of an effect on vertebral fractures).""",
        ),
        _rule(
            "KC605",
            "quantity-drift",
            W,
            "The same amount restated as a more specific form",
            """One amount is stated in one sentence as a broad form (vitamin K, K2) and restated
              later as a more specific one (K2, then MK-4), or as a sibling form (MK-4 where it
              was MK-7). A broad name does not say which form was meant, and results for one form
              do not carry over to another: the finding names each earlier statement.""",
        ),
        _rule(
            "KC606",
            "dose-spread",
            W,
            "Doses for the same purpose 100x or more apart in one document",
            """Two doses of the same nutrient given in one document for the same purpose (bone,
              arteries, anticoagulation, glucose: cue words in data/lexicon.yaml) differ by 100x or
              more by mass. Often one of them is the MK-4 drug regimen (45 mg/day) and the other a
              microgram MK-7 dose: the finding gives both, where each is, and the ratio by mass
              and by moles.""",
        ),
        _rule(
            "KC607",
            "odds-as-risk",
            W,
            "Odds reductions quoted as risk reductions",
            """Percentages in a fracture claim equal 1 minus the pooled odds ratios of a
              meta-analysis in kcheck's data (Cockayne 2006: 60, 77 and 81 % from ORs 0.40, 0.23
              and 0.19) while the sentence does not say "odds". They are reductions in odds, not in
              risk, and that meta-analysis carries a 2018 caution to readers.""",
        ),
    )
}

_BY_SLUG = {rule.slug: rule for rule in RULES.values()}


def rule_for(kind: str) -> Rule:
    """The rule for a problem kind (a rule slug, as the reader reports it) or a code: the one mapping."""
    return RULES.get(kind) or _BY_SLUG[kind]


def rules_markdown() -> str:
    """docs/rules.md, generated: a test fails when the file and this table drift apart."""
    lines = [
        "# kcheck rules",
        "",
        "Generated from `kcheck/rules.py`; do not edit by hand.",
        "",
        "| code | slug | severity | summary |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| [{r.code}](#{r.code.lower()}-{r.slug}) | {r.slug} | {r.severity.value} | {r.summary} |"
        for r in RULES.values()
    ]
    for r in RULES.values():
        fix = " Fixable with `kcheck lint --fix`." if r.fixable else ""
        lines += ["", f"## {r.code} {r.slug}", "", f"**{r.severity.value}**: {r.summary}.", "", r.help + fix]
    return "\n".join(lines) + "\n"
