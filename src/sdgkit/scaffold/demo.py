"""The demo datasets: five indicators that together exercise every kind of chart and table,
and three whose progress towards the target is assessed (with a target, without one near a
limit, and by sex).

Numbers come from simple formulas (a trend, a shock in 2020, fixed offsets per group), never
from random draws, so two repositories made from the same options are identical byte for
byte and the figures stay plausible: poverty falls, water access rises, a law is adopted.
Every text a reader sees is given in English, French, Spanish and Arabic; other languages
show the English text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

YEARS = tuple(range(2015, 2025))
COMMENT = "COMMENT_OBS"
#: a shock in the COVID-19 years, then a return to the trend
_SHOCK = {2020: 1.0, 2021: 0.6, 2022: 0.2}

Row = dict[str, str]


@dataclass(frozen=True, slots=True)
class Texts:
    """What readers see of one indicator in one language."""

    name: str
    graph_title: str
    units: str
    explanation: str


@dataclass(frozen=True, slots=True)
class DemoIndicator:
    """One demo dataset and the metadata that describes it."""

    slug: str
    graph_type: str
    columns: tuple[str, ...]
    rows: Callable[[], Iterator[Row]]
    texts: Mapping[str, Texts]
    periodicity: str
    custodian: str
    tier: str
    #: metadata that switches on the progress assessment (``auto_progress_calculation`` and its options)
    progress: Mapping[str, Any] = field(default_factory=dict)


def csv_text(indicator: DemoIndicator) -> str:
    """The data file, as Open SDG expects it: Year first, Value last, blanks for totals."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=indicator.columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(indicator.rows())
    return buffer.getvalue()


def _one(value: float) -> str:
    """One decimal, as statistical offices publish percentages (and no float noise like 24.799999)."""
    return f"{value:.1f}"


# --- 1.2.1 poverty: a headline, Sex, Age and Sex × Age, two footnotes ------------------------

_SEX_GAP = {"Female": 1.3, "Male": -1.3}
_AGE_FACTOR = {"Under 18": 1.32, "18 to 64": 0.88, "65 and over": 1.05}
_POVERTY_NOTES = {2020: "Survey fieldwork shortened by COVID-19 restrictions", 2024: "Provisional estimate"}


def _poverty(year: int) -> float:
    return 24.6 - 0.78 * (year - 2015) + 2.1 * _SHOCK.get(year, 0.0)


def _poverty_rows() -> Iterator[Row]:
    for year in YEARS:
        yield {"Year": str(year), COMMENT: _POVERTY_NOTES.get(year, ""), "Value": _one(_poverty(year))}
    for sex, gap in _SEX_GAP.items():
        for year in YEARS:
            yield {"Year": str(year), "Sex": sex, "Value": _one(_poverty(year) + gap)}
    for age, factor in _AGE_FACTOR.items():
        for year in YEARS:
            yield {"Year": str(year), "Age": age, "Value": _one(_poverty(year) * factor)}
    for sex, gap in _SEX_GAP.items():
        for age, factor in _AGE_FACTOR.items():
            for year in YEARS:
                yield {"Year": str(year), "Sex": sex, "Age": age, "Value": _one((_poverty(year) + gap) * factor)}


# --- 3.2.1 under-five mortality: two series, each with its own unit ---------------------------

_RATE_SERIES, _DEATHS_SERIES = "Under-five mortality rate", "Under-five deaths"
_RATE_UNIT, _DEATHS_UNIT = "Deaths per 1,000 live births", "Number"


def _mortality_rate(year: int) -> float:
    return 41.5 * 0.965 ** (year - 2015)


def _births(year: int) -> float:
    return 412_000 * 0.99 ** (year - 2015)


def _mortality_rows() -> Iterator[Row]:
    for year in YEARS:
        note = "Provisional estimate" if year == 2024 else ""
        yield {"Year": str(year), "Series": _RATE_SERIES, "Units": _RATE_UNIT, COMMENT: note,
               "Value": _one(_mortality_rate(year))}
    for year in YEARS:
        deaths = round(_mortality_rate(year) * _births(year) / 1000 / 10) * 10
        yield {"Year": str(year), "Series": _DEATHS_SERIES, "Units": _DEATHS_UNIT, "Value": str(deaths)}


# --- 4.1.1 learning: no headline, every row has an education level and a subject -------------

_LEVELS = {"Grade 2 or 3": 62.0, "End of primary": 55.0, "End of lower secondary": 47.0}
_SUBJECTS = {"Reading": 0.0, "Mathematics": -5.5}


def _learning_rows() -> Iterator[Row]:
    for level, base in _LEVELS.items():
        for subject, offset in _SUBJECTS.items():
            for year in YEARS:
                value = base + offset + 1.1 * (year - 2015) - 3.0 * _SHOCK.get(year, 0.0)
                yield {"Year": str(year), "Education level": level, "Subject": subject, "Value": _one(value)}


# --- 5.1.1 legal framework: yes (1) or no (-1), drawn as a binary chart -----------------------

_LAW_YEAR = 2018


def _law_rows() -> Iterator[Row]:
    for year in YEARS:
        note = "Gender Equality Act adopted" if year == _LAW_YEAR else ""
        yield {"Year": str(year), COMMENT: note, "Value": "1" if year >= _LAW_YEAR else "-1"}


# --- 6.1.1 drinking water: a national headline and five regions with GeoCodes -----------------

#: region → (GeoCode, gap to the national figure in 2015, yearly catch-up in points)
_REGIONS = {
    "Capital District": ("R01", 21.0, -0.4),
    "Northern Region": ("R02", -9.0, 0.3),
    "Southern Region": ("R03", -4.0, 0.1),
    "Eastern Region": ("R04", -13.0, 0.5),
    "Western Region": ("R05", 2.0, 0.0),
}


def _water(year: int) -> float:
    return 58.0 + 2.1 * (year - 2015)


def _water_rows() -> Iterator[Row]:
    for year in YEARS:
        yield {"Year": str(year), "Value": _one(_water(year))}
    for region, (code, gap, catch_up) in _REGIONS.items():
        for year in YEARS:
            value = min(99.0, _water(year) + gap + catch_up * (year - 2015))
            yield {"Year": str(year), "Region": region, "GeoCode": code, "Value": _one(value)}


def _progress(options: list[dict[str, Any]], breakdowns: list[str] | None = None) -> dict[str, Any]:
    """Metadata that asks for a progress assessment (sdgkit's docs/progress.md)."""
    fields: dict[str, Any] = {"auto_progress_calculation": True, "progress_calculation_options": options}
    if breakdowns:
        fields["progress_breakdowns"] = breakdowns
    return fields


INDICATORS: tuple[DemoIndicator, ...] = (
    DemoIndicator(
        slug="1-2-1", graph_type="line", columns=("Year", "Sex", "Age", COMMENT, "Value"), rows=_poverty_rows,
        periodicity="Annual", custodian="World Bank", tier="Tier I",
        # SDG target 1.2: at least halve poverty by 2030; every sex is assessed too
        progress=_progress([{"direction": "negative", "target": round(_poverty(2015) / 2, 1)}], breakdowns=["Sex"]),
        texts={
            "en": Texts("Proportion of the population living below the national poverty line",
                        "Population below the national poverty line, by sex and age", "Percentage (%)",
                        "The chart starts with the national total (the headline); choose a sex or an age group "
                        "beside it to see the breakdowns. The figures for 2020 and 2024 have footnotes."),
            "fr": Texts("Proportion de la population vivant en dessous du seuil national de pauvreté",
                        "Population vivant sous le seuil national de pauvreté, par sexe et par âge",
                        "Pourcentage (%)",
                        "Le graphique montre d'abord le total national ; choisissez un sexe ou un groupe d'âge "
                        "pour voir les ventilations. Les chiffres de 2020 et 2024 ont des notes."),
            "es": Texts("Proporción de la población que vive por debajo del umbral nacional de pobreza",
                        "Población por debajo del umbral nacional de pobreza, por sexo y edad", "Porcentaje (%)",
                        "El gráfico muestra primero el total nacional; elija un sexo o un grupo de edad para "
                        "ver los desgloses. Las cifras de 2020 y 2024 tienen notas."),
            "ar": Texts("نسبة السكان الذين يعيشون دون خط الفقر الوطني",
                        "السكان دون خط الفقر الوطني، حسب الجنس والعمر", "نسبة مئوية (%)",
                        "يعرض الرسم البياني أولاً المجموع الوطني؛ اختر الجنس أو الفئة العمرية لعرض التصنيفات. "
                        "لأرقام عامَي 2020 و2024 حواشٍ توضيحية."),
        }),
    DemoIndicator(
        slug="3-2-1", graph_type="line", columns=("Year", "Series", "Units", COMMENT, "Value"),
        rows=_mortality_rows, periodicity="Annual", custodian="UNICEF", tier="Tier I",
        # SDG target 3.2: at most 25 deaths per 1,000 live births by 2030
        progress=_progress([{"series": _RATE_SERIES, "unit": _RATE_UNIT, "direction": "negative", "target": 25}]),
        texts={
            "en": Texts("Under-five mortality rate", "Under-five mortality: rate and number of deaths",
                        "Deaths per 1,000 live births; number of deaths",
                        "This indicator has two series, each with its own unit: choose the unit to see "
                        "the rate or the number of deaths."),
            "fr": Texts("Taux de mortalité des enfants de moins de 5 ans",
                        "Mortalité des moins de 5 ans : taux et nombre de décès",
                        "Décès pour 1 000 naissances vivantes ; nombre de décès",
                        "Cet indicateur a deux séries, chacune avec son unité : choisissez l'unité pour voir "
                        "le taux ou le nombre de décès."),
            "es": Texts("Tasa de mortalidad de niños menores de 5 años",
                        "Mortalidad de menores de 5 años: tasa y número de defunciones",
                        "Defunciones por cada 1.000 nacidos vivos; número de defunciones",
                        "Este indicador tiene dos series, cada una con su unidad: elija la unidad para ver "
                        "la tasa o el número de defunciones."),
            "ar": Texts("معدل وفيات الأطفال دون سن الخامسة", "وفيات الأطفال دون سن الخامسة: المعدل وعدد الوفيات",
                        "وفيات لكل 1000 مولود حي؛ عدد الوفيات",
                        "لهذا المؤشر سلسلتان، لكل منهما وحدة قياس: اختر الوحدة لعرض المعدل أو عدد الوفيات."),
        }),
    DemoIndicator(
        slug="4-1-1", graph_type="line", columns=("Year", "Education level", "Subject", "Value"),
        rows=_learning_rows, periodicity="Annual", custodian="UNESCO Institute for Statistics", tier="Tier I",
        texts={
            "en": Texts("Proportion of children and young people achieving at least a minimum proficiency "
                        "level in reading and mathematics",
                        "Children achieving minimum proficiency, by education level and subject", "Percentage (%)",
                        "There is no national total for this indicator: every figure is for one education "
                        "level and one subject. Choose them beside the chart."),
            "fr": Texts("Proportion d'enfants et de jeunes atteignant au moins un seuil minimal de compétence "
                        "en lecture et en mathématiques",
                        "Enfants atteignant le seuil minimal de compétence, par niveau et par matière",
                        "Pourcentage (%)",
                        "Cet indicateur n'a pas de total national : chaque chiffre porte sur un niveau "
                        "d'enseignement et une matière. Choisissez-les à côté du graphique."),
            "es": Texts("Proporción de niños, niñas y jóvenes que alcanzan al menos un nivel mínimo de "
                        "competencia en lectura y matemáticas",
                        "Niños que alcanzan la competencia mínima, por nivel educativo y asignatura",
                        "Porcentaje (%)",
                        "Este indicador no tiene total nacional: cada cifra corresponde a un nivel educativo "
                        "y una asignatura. Elíjalos junto al gráfico."),
            "ar": Texts("نسبة الأطفال والشباب الذين يحققون على الأقل الحد الأدنى من الكفاءة في القراءة والرياضيات",
                        "الأطفال الذين يحققون الحد الأدنى من الكفاءة، حسب المرحلة التعليمية والمادة",
                        "نسبة مئوية (%)",
                        "لا يوجد مجموع وطني لهذا المؤشر: كل رقم يخص مرحلة تعليمية ومادة. اخترهما بجانب الرسم البياني."),
        }),
    DemoIndicator(
        slug="5-1-1", graph_type="binary", columns=("Year", COMMENT, "Value"), rows=_law_rows,
        periodicity="Annual", custodian="UN Women, World Bank, OECD Development Centre", tier="Tier II",
        texts={
            "en": Texts("Whether or not legal frameworks are in place to promote, enforce and monitor "
                        "equality and non-discrimination on the basis of sex",
                        "Legal framework for gender equality in place (yes/no)", "1 = yes, -1 = no",
                        "A yes/no indicator: the chart shows a bar up for yes and down for no. In the data "
                        "file, 1 means yes and -1 means no."),
            "fr": Texts("Présence ou absence d'un cadre juridique visant à promouvoir, faire respecter et suivre "
                        "l'application des principes d'égalité et de non-discrimination fondée sur le sexe",
                        "Cadre juridique pour l'égalité des sexes en place (oui/non)", "1 = oui, -1 = non",
                        "Un indicateur oui/non : le graphique montre une barre vers le haut pour oui et vers "
                        "le bas pour non. Dans le fichier de données, 1 signifie oui et -1 non."),
            "es": Texts("Si existen o no marcos jurídicos para promover, hacer cumplir y supervisar la igualdad "
                        "y la no discriminación por motivos de sexo",
                        "Marco jurídico para la igualdad de género vigente (sí/no)", "1 = sí, -1 = no",
                        "Un indicador de sí/no: el gráfico muestra una barra hacia arriba para sí y hacia abajo "
                        "para no. En el archivo de datos, 1 significa sí y -1 significa no."),
            "ar": Texts("ما إذا كانت هناك أطر قانونية قائمة لتعزيز المساواة وعدم التمييز على أساس الجنس "
                        "وإنفاذها ورصدها",
                        "وجود إطار قانوني للمساواة بين الجنسين (نعم/لا)", "1 = نعم، -1 = لا",
                        "مؤشر من نوع نعم/لا: يعرض الرسم البياني عمودًا إلى الأعلى لنعم وإلى الأسفل للا. "
                        "في ملف البيانات تعني 1 نعم وتعني -1 لا."),
        }),
    DemoIndicator(
        slug="6-1-1", graph_type="bar", columns=("Year", "Region", "GeoCode", "Value"), rows=_water_rows,
        periodicity="Annual", custodian="WHO, UNICEF", tier="Tier II",
        # no numeric target: growth is compared with fixed rates, which matter less as access nears 100 %
        progress=_progress([{"direction": "positive", "limit": 100}]),
        texts={
            "en": Texts("Proportion of population using safely managed drinking water services",
                        "Population using safely managed drinking water, by region", "Percentage (%)",
                        "Figures are given for the whole country and for each region; the GeoCode column "
                        "holds the region codes that a map can use."),
            "fr": Texts("Proportion de la population utilisant des services d'alimentation en eau potable gérés "
                        "en toute sécurité",
                        "Population utilisant une eau potable gérée en toute sécurité, par région",
                        "Pourcentage (%)",
                        "Les chiffres portent sur l'ensemble du pays et sur chaque région ; la colonne GeoCode "
                        "contient les codes des régions qu'une carte peut utiliser."),
            "es": Texts("Proporción de la población que utiliza servicios de suministro de agua potable "
                        "gestionados sin riesgos",
                        "Población que utiliza agua potable gestionada sin riesgos, por región", "Porcentaje (%)",
                        "Las cifras corresponden a todo el país y a cada región; la columna GeoCode contiene los "
                        "códigos de región que puede usar un mapa."),
            "ar": Texts("نسبة السكان الذين يستخدمون خدمات مياه الشرب المدارة بأمان",
                        "السكان الذين يستخدمون مياه الشرب المدارة بأمان، حسب المنطقة", "نسبة مئوية (%)",
                        "تُعرض الأرقام للبلد كله ولكل منطقة؛ ويحتوي العمود GeoCode على رموز المناطق التي "
                        "يمكن أن تستخدمها الخريطة."),
        }),
)

#: the warning every demo indicator page starts with, per language ({country} is filled in)
DEMO_NOTICE = {
    "en": "**Demonstration data.** sdgkit made up the figures on this page to show how the site works. "
          "They are not official statistics of {country}.",
    "fr": "**Données de démonstration.** sdgkit a inventé les chiffres de cette page pour montrer le "
          "fonctionnement du site. Ce ne sont pas des statistiques officielles de {country}.",
    "es": "**Datos de demostración.** sdgkit inventó las cifras de esta página para mostrar cómo funciona "
          "el sitio. No son estadísticas oficiales de {country}.",
    "ar": "**بيانات تجريبية.** أنشأ sdgkit الأرقام في هذه الصفحة لتوضيح طريقة عمل الموقع، "
          "وهي ليست إحصاءات رسمية عن {country}.",
}

#: how to get rid of the demo, for the people who edit the repository (English only: it is for them)
REPLACE_HINT = ("DEMONSTRATION DATA: replace data/indicator_{slug}.csv with real figures and rewrite the text "
                "below, or delete that file and set reporting_status: notstarted (see README.md).")

#: translations of the demo's column names and values (the repository's ``translations/<lang>/data.yml``)
DATA_TRANSLATIONS: dict[str, dict[str, str]] = {
    "fr": {
        "Sex": "Sexe", "Female": "Femmes", "Male": "Hommes",
        "Age": "Âge", "Under 18": "Moins de 18 ans", "18 to 64": "18 à 64 ans", "65 and over": "65 ans et plus",
        "Region": "Région", "Capital District": "District de la capitale", "Northern Region": "Région du Nord",
        "Southern Region": "Région du Sud", "Eastern Region": "Région de l'Est",
        "Western Region": "Région de l'Ouest",
        "Education level": "Niveau d'enseignement", "Grade 2 or 3": "2e ou 3e année",
        "End of primary": "Fin du primaire", "End of lower secondary": "Fin du premier cycle du secondaire",
        "Subject": "Matière", "Reading": "Lecture", "Mathematics": "Mathématiques",
        _RATE_SERIES: "Taux de mortalité des moins de 5 ans", _DEATHS_SERIES: "Décès d'enfants de moins de 5 ans",
        _RATE_UNIT: "Décès pour 1 000 naissances vivantes", _DEATHS_UNIT: "Nombre",
        _POVERTY_NOTES[2020]: "Enquête de terrain écourtée par les restrictions liées à la COVID-19",
        "Provisional estimate": "Estimation provisoire",
        "Gender Equality Act adopted": "Adoption de la loi sur l'égalité des sexes",
    },
    "es": {
        "Sex": "Sexo", "Female": "Mujeres", "Male": "Hombres",
        "Age": "Edad", "Under 18": "Menores de 18 años", "18 to 64": "De 18 a 64 años", "65 and over": "65 años y más",
        "Region": "Región", "Capital District": "Distrito Capital", "Northern Region": "Región Norte",
        "Southern Region": "Región Sur", "Eastern Region": "Región Este", "Western Region": "Región Oeste",
        "Education level": "Nivel educativo", "Grade 2 or 3": "2.º o 3.er grado",
        "End of primary": "Final de la primaria", "End of lower secondary": "Final de la secundaria baja",
        "Subject": "Asignatura", "Reading": "Lectura", "Mathematics": "Matemáticas",
        _RATE_SERIES: "Tasa de mortalidad de menores de 5 años", _DEATHS_SERIES: "Defunciones de menores de 5 años",
        _RATE_UNIT: "Defunciones por cada 1.000 nacidos vivos", _DEATHS_UNIT: "Número",
        _POVERTY_NOTES[2020]: "Trabajo de campo de la encuesta acortado por las restricciones de la COVID-19",
        "Provisional estimate": "Estimación provisional",
        "Gender Equality Act adopted": "Aprobación de la Ley de Igualdad de Género",
    },
    "ar": {
        "Sex": "الجنس", "Female": "إناث", "Male": "ذكور",
        "Age": "العمر", "Under 18": "أقل من 18 سنة", "18 to 64": "من 18 إلى 64 سنة", "65 and over": "65 سنة فأكثر",
        "Region": "المنطقة", "Capital District": "منطقة العاصمة", "Northern Region": "المنطقة الشمالية",
        "Southern Region": "المنطقة الجنوبية", "Eastern Region": "المنطقة الشرقية",
        "Western Region": "المنطقة الغربية",
        "Education level": "المرحلة التعليمية", "Grade 2 or 3": "الصف الثاني أو الثالث",
        "End of primary": "نهاية المرحلة الابتدائية", "End of lower secondary": "نهاية المرحلة الإعدادية",
        "Subject": "المادة", "Reading": "القراءة", "Mathematics": "الرياضيات",
        _RATE_SERIES: "معدل وفيات الأطفال دون الخامسة", _DEATHS_SERIES: "وفيات الأطفال دون الخامسة",
        _RATE_UNIT: "وفيات لكل 1000 مولود حي", _DEATHS_UNIT: "العدد",
        _POVERTY_NOTES[2020]: "تقلّص العمل الميداني للمسح بسبب قيود كوفيد-19",
        "Provisional estimate": "تقدير أولي",
        "Gender Equality Act adopted": "اعتماد قانون المساواة بين الجنسين",
    },
}


def data_translations(language: str) -> dict[str, str]:
    """``data.yml`` of one language; English text where no translation is written, so no key is missing."""
    english = {key: key for key in DATA_TRANSLATIONS["fr"]}
    return {**english, **DATA_TRANSLATIONS.get(language, {})}
