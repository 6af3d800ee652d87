"""Language-dependent wording: dates, lists of names, the few labels editions print."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.lists import format_list

from triptych.langtag import primary_subtag

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "page_of": "Page {page} of {pages}",
        "by": "By",
        "notes": "Notes",
        "back": "Back to reference {n}",
        "note": "Note {n}",
        "credit": "Image credit:",
        "image": "Image (not included):",
        "published": "Published",
    },
    "es": {
        "page_of": "Página {page} de {pages}",
        "by": "Por",
        "notes": "Notas",
        "back": "Volver a la referencia {n}",
        "note": "Nota {n}",
        "credit": "Crédito de la imagen:",
        "image": "Imagen (no incluida):",
        "published": "Publicado",
    },
    "fr": {
        "page_of": "Page {page} sur {pages}",
        "by": "Par",
        "notes": "Notes",
        "back": "Retour à l’appel de note {n}",
        "note": "Note {n}",
        "credit": "Crédit de l’image :",
        "image": "Image (non incluse) :",
        "published": "Publié",
    },
    "de": {
        "page_of": "Seite {page} von {pages}",
        "by": "Von",
        "notes": "Anmerkungen",
        "back": "Zurück zum Verweis {n}",
        "note": "Anmerkung {n}",
        "credit": "Bildnachweis:",
        "image": "Bild (nicht enthalten):",
        "published": "Veröffentlicht",
    },
    "pt": {
        "page_of": "Página {page} de {pages}",
        "by": "Por",
        "notes": "Notas",
        "back": "Voltar à referência {n}",
        "note": "Nota {n}",
        "credit": "Crédito da imagem:",
        "image": "Imagem (não incluída):",
        "published": "Publicado",
    },
    "it": {
        "page_of": "Pagina {page} di {pages}",
        "by": "Di",
        "notes": "Note",
        "back": "Torna al richiamo {n}",
        "note": "Nota {n}",
        "credit": "Crediti immagine:",
        "image": "Immagine (non inclusa):",
        "published": "Pubblicato",
    },
    "ar": {
        "page_of": "الصفحة {page} من {pages}",
        "by": "بقلم",
        "notes": "ملاحظات",
        "back": "العودة إلى الإحالة {n}",
        "note": "ملاحظة {n}",
        "credit": "مصدر الصورة:",
        "image": "صورة (غير مضمنة):",
        "published": "نُشر",
    },
    "el": {
        "page_of": "Σελίδα {page} από {pages}",
        "by": "Από",
        "notes": "Σημειώσεις",
        "back": "Επιστροφή στην παραπομπή {n}",
        "note": "Σημείωση {n}",
        "credit": "Πηγή εικόνας:",
        "image": "Εικόνα (δεν περιλαμβάνεται):",
        "published": "Δημοσιεύθηκε",
    },
    "hi": {
        "page_of": "पृष्ठ {page} / {pages}",
        "by": "लेखक:",
        "notes": "टिप्पणियाँ",
        "back": "संदर्भ {n} पर वापस",
        "note": "टिप्पणी {n}",
        "credit": "चित्र श्रेय:",
        "image": "चित्र (शामिल नहीं):",
        "published": "प्रकाशित",
    },
    "ja": {
        "page_of": "{page} / {pages} ページ",
        "by": "著者：",
        "notes": "注",
        "back": "参照 {n} に戻る",
        "note": "注 {n}",
        "credit": "画像提供：",
        "image": "画像（未収録）：",
        "published": "公開",
    },
    "ru": {
        "page_of": "Страница {page} из {pages}",
        "by": "Автор:",
        "notes": "Примечания",
        "back": "Назад к ссылке {n}",
        "note": "Примечание {n}",
        "credit": "Фото:",
        "image": "Изображение (не включено):",
        "published": "Опубликовано",
    },
}


@lru_cache(maxsize=64)
def locale_for(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag, falling back to its base language, then English."""
    for candidate in (tag.replace("-", "_"), primary_subtag(tag)):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def language_name(tag: str) -> str:
    """The language's name in itself ("français" for fr), capitalised as a label."""
    locale = locale_for(tag)
    if locale.language != primary_subtag(tag):  # Babel does not know it: the tag is all we have
        return tag
    name = locale.get_display_name(locale) or tag
    return name[:1].upper() + name[1:]


def direction(tag: str) -> str:
    """``"rtl"`` for right-to-left languages, else ``"ltr"``."""
    return "rtl" if locale_for(tag).text_direction == "rtl" else "ltr"


def label(tag: str, key: str, **values: object) -> str:
    """A short label in the article's language (English when Triptych has no translation)."""
    table = _LABELS.get(primary_subtag(tag), _LABELS["en"])
    return table[key].format(**values)


def format_published(value: date | datetime, tag: str) -> str:
    """A publication date (and time, when the source gives one) in words, in its own zone."""
    locale = locale_for(tag)
    day = format_date(value, "long", locale=locale)
    if not isinstance(value, datetime):
        return day
    clock = (
        format_time(value, "short", tzinfo=value.tzinfo, locale=locale)
        if value.tzinfo
        else format_time(value.time(), "short", locale=locale)
    )
    return f"{day}, {clock}"


def format_names(names: tuple[str, ...], tag: str) -> str:
    """Names joined as the language joins them ("A, B and C")."""
    return format_list(list(names), locale=locale_for(tag))
