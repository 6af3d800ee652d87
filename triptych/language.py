"""Language-dependent wording: dates, lists of names, and the one catalogue of every label editions show or say."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import TypedDict, cast

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.lists import format_list

from triptych.langtag import primary_subtag


class Labels(TypedDict):
    """Every label Triptych prints or says, by key: each language of the catalogue has them all.

    Printed on the page and the title page (the HTML rendition, the PDF, the EPUB): ``page_of``
    (the PDF's page footer) ... ``published``. The EPUB's navigation document and its document
    titles: ``nav_*``. Said by the narration (the speech script): ``spoken_*``. The web edition's
    read-along player: ``player_*``. Values in braces (``{n}``) are filled in by :func:`label`.
    """

    page_of: str
    by: str
    notes: str
    back: str
    note: str
    credit: str
    image: str
    published: str
    nav_contents: str
    nav_landmarks: str
    nav_pages: str
    nav_cover: str
    nav_title_page: str
    nav_start: str
    spoken_published: str
    spoken_image: str
    spoken_quote: str
    spoken_quote_end: str
    spoken_code: str
    spoken_code_end: str
    spoken_list_1: str
    spoken_list_n: str
    spoken_terms_1: str
    spoken_terms_n: str
    spoken_table: str
    spoken_table_caption: str
    spoken_table_end: str
    spoken_closing: str
    player_listen: str
    player_play: str
    player_pause: str
    player_prev_sentence: str
    player_next_sentence: str
    player_prev_section: str
    player_next_section: str
    player_speed: str
    player_position: str
    player_read_from_here: str


_LABELS: dict[str, Labels] = {
    "en": {
        "page_of": "Page {page} of {pages}",
        "by": "By",
        "notes": "Notes",
        "back": "Back to reference {n}",
        "note": "Note {n}",
        "credit": "Image credit:",
        "image": "Image (not included):",
        "published": "Published",
        "nav_contents": "Contents",
        "nav_landmarks": "Landmarks",
        "nav_pages": "Pages",
        "nav_cover": "Cover",
        "nav_title_page": "Title page",
        "nav_start": "Start of the article",
        "spoken_published": "Published {date}",
        "spoken_image": "Image: {text}",
        "spoken_quote": "Quote.",
        "spoken_quote_end": "End of quote.",
        "spoken_code": "Code.",
        "spoken_code_end": "End of code.",
        "spoken_list_1": "A list of 1 item.",
        "spoken_list_n": "A list of {n} items.",
        "spoken_terms_1": "A list of 1 term.",
        "spoken_terms_n": "A list of {n} terms.",
        "spoken_table": "Table.",
        "spoken_table_caption": "Table: {caption}",
        "spoken_table_end": "End of table.",
        "spoken_closing": "End of article.",
        "player_listen": "Listen to this article",
        "player_play": "Play",
        "player_pause": "Pause",
        "player_prev_sentence": "Previous sentence",
        "player_next_sentence": "Next sentence",
        "player_prev_section": "Previous section",
        "player_next_section": "Next section",
        "player_speed": "Speed",
        "player_position": "Position",
        "player_read_from_here": "Read from here",
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
        "nav_contents": "Índice",
        "nav_landmarks": "Puntos de referencia",
        "nav_pages": "Páginas",
        "nav_cover": "Cubierta",
        "nav_title_page": "Portada",
        "nav_start": "Comienzo del artículo",
        "spoken_published": "Publicado el {date}",
        "spoken_image": "Imagen: {text}",
        "spoken_quote": "Cita.",
        "spoken_quote_end": "Fin de la cita.",
        "spoken_code": "Código.",
        "spoken_code_end": "Fin del código.",
        "spoken_list_1": "Una lista de un elemento.",
        "spoken_list_n": "Una lista de {n} elementos.",
        "spoken_terms_1": "Una lista de un término.",
        "spoken_terms_n": "Una lista de {n} términos.",
        "spoken_table": "Tabla.",
        "spoken_table_caption": "Tabla: {caption}",
        "spoken_table_end": "Fin de la tabla.",
        "spoken_closing": "Fin del artículo.",
        "player_listen": "Escuchar este artículo",
        "player_play": "Reproducir",
        "player_pause": "Pausa",
        "player_prev_sentence": "Frase anterior",
        "player_next_sentence": "Frase siguiente",
        "player_prev_section": "Sección anterior",
        "player_next_section": "Sección siguiente",
        "player_speed": "Velocidad",
        "player_position": "Posición",
        "player_read_from_here": "Leer desde aquí",
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
        "nav_contents": "Table des matières",
        "nav_landmarks": "Repères",
        "nav_pages": "Pages",
        "nav_cover": "Couverture",
        "nav_title_page": "Page de titre",
        "nav_start": "Début de l’article",
        "spoken_published": "Publié le {date}",
        "spoken_image": "Image : {text}",
        "spoken_quote": "Citation.",
        "spoken_quote_end": "Fin de la citation.",
        "spoken_code": "Code.",
        "spoken_code_end": "Fin du code.",
        "spoken_list_1": "Une liste d’un élément.",
        "spoken_list_n": "Une liste de {n} éléments.",
        "spoken_terms_1": "Une liste d’un terme.",
        "spoken_terms_n": "Une liste de {n} termes.",
        "spoken_table": "Tableau.",
        "spoken_table_caption": "Tableau : {caption}",
        "spoken_table_end": "Fin du tableau.",
        "spoken_closing": "Fin de l’article.",
        "player_listen": "Écouter cet article",
        "player_play": "Lecture",
        "player_pause": "Pause",
        "player_prev_sentence": "Phrase précédente",
        "player_next_sentence": "Phrase suivante",
        "player_prev_section": "Section précédente",
        "player_next_section": "Section suivante",
        "player_speed": "Vitesse",
        "player_position": "Position",
        "player_read_from_here": "Lire à partir d’ici",
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
        "nav_contents": "Inhalt",
        "nav_landmarks": "Orientierungspunkte",
        "nav_pages": "Seiten",
        "nav_cover": "Umschlag",
        "nav_title_page": "Titelseite",
        "nav_start": "Beginn des Artikels",
        "spoken_published": "Veröffentlicht am {date}",
        "spoken_image": "Bild: {text}",
        "spoken_quote": "Zitat.",
        "spoken_quote_end": "Ende des Zitats.",
        "spoken_code": "Code.",
        "spoken_code_end": "Ende des Codes.",
        "spoken_list_1": "Eine Liste mit einem Eintrag.",
        "spoken_list_n": "Eine Liste mit {n} Einträgen.",
        "spoken_terms_1": "Eine Liste mit einem Begriff.",
        "spoken_terms_n": "Eine Liste mit {n} Begriffen.",
        "spoken_table": "Tabelle.",
        "spoken_table_caption": "Tabelle: {caption}",
        "spoken_table_end": "Ende der Tabelle.",
        "spoken_closing": "Ende des Artikels.",
        "player_listen": "Diesen Artikel anhören",
        "player_play": "Abspielen",
        "player_pause": "Pause",
        "player_prev_sentence": "Vorheriger Satz",
        "player_next_sentence": "Nächster Satz",
        "player_prev_section": "Vorheriger Abschnitt",
        "player_next_section": "Nächster Abschnitt",
        "player_speed": "Geschwindigkeit",
        "player_position": "Position",
        "player_read_from_here": "Ab hier vorlesen",
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
        "nav_contents": "Índice",
        "nav_landmarks": "Pontos de referência",
        "nav_pages": "Páginas",
        "nav_cover": "Capa",
        "nav_title_page": "Página de rosto",
        "nav_start": "Início do artigo",
        "spoken_published": "Publicado em {date}",
        "spoken_image": "Imagem: {text}",
        "spoken_quote": "Citação.",
        "spoken_quote_end": "Fim da citação.",
        "spoken_code": "Código.",
        "spoken_code_end": "Fim do código.",
        "spoken_list_1": "Uma lista de um item.",
        "spoken_list_n": "Uma lista de {n} itens.",
        "spoken_terms_1": "Uma lista de um termo.",
        "spoken_terms_n": "Uma lista de {n} termos.",
        "spoken_table": "Tabela.",
        "spoken_table_caption": "Tabela: {caption}",
        "spoken_table_end": "Fim da tabela.",
        "spoken_closing": "Fim do artigo.",
        "player_listen": "Ouvir este artigo",
        "player_play": "Reproduzir",
        "player_pause": "Pausar",
        "player_prev_sentence": "Frase anterior",
        "player_next_sentence": "Próxima frase",
        "player_prev_section": "Seção anterior",
        "player_next_section": "Próxima seção",
        "player_speed": "Velocidade",
        "player_position": "Posição",
        "player_read_from_here": "Ler a partir daqui",
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
        "nav_contents": "Indice",
        "nav_landmarks": "Punti di riferimento",
        "nav_pages": "Pagine",
        "nav_cover": "Copertina",
        "nav_title_page": "Frontespizio",
        "nav_start": "Inizio dell’articolo",
        "spoken_published": "Pubblicato il {date}",
        "spoken_image": "Immagine: {text}",
        "spoken_quote": "Citazione.",
        "spoken_quote_end": "Fine della citazione.",
        "spoken_code": "Codice.",
        "spoken_code_end": "Fine del codice.",
        "spoken_list_1": "Un elenco di un elemento.",
        "spoken_list_n": "Un elenco di {n} elementi.",
        "spoken_terms_1": "Un elenco di un termine.",
        "spoken_terms_n": "Un elenco di {n} termini.",
        "spoken_table": "Tabella.",
        "spoken_table_caption": "Tabella: {caption}",
        "spoken_table_end": "Fine della tabella.",
        "spoken_closing": "Fine dell’articolo.",
        "player_listen": "Ascolta questo articolo",
        "player_play": "Riproduci",
        "player_pause": "Pausa",
        "player_prev_sentence": "Frase precedente",
        "player_next_sentence": "Frase successiva",
        "player_prev_section": "Sezione precedente",
        "player_next_section": "Sezione successiva",
        "player_speed": "Velocità",
        "player_position": "Posizione",
        "player_read_from_here": "Leggi da qui",
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
        "nav_contents": "المحتويات",
        "nav_landmarks": "المعالم",
        "nav_pages": "الصفحات",
        "nav_cover": "الغلاف",
        "nav_title_page": "صفحة العنوان",
        "nav_start": "بداية المقال",
        "spoken_published": "نُشر في {date}",
        "spoken_image": "صورة: {text}",
        "spoken_quote": "اقتباس.",
        "spoken_quote_end": "نهاية الاقتباس.",
        "spoken_code": "شيفرة.",
        "spoken_code_end": "نهاية الشيفرة.",
        "spoken_list_1": "قائمة من عنصر واحد.",
        "spoken_list_n": "قائمة، عدد عناصرها {n}.",
        "spoken_terms_1": "قائمة من مصطلح واحد.",
        "spoken_terms_n": "قائمة، عدد مصطلحاتها {n}.",
        "spoken_table": "جدول.",
        "spoken_table_caption": "جدول: {caption}",
        "spoken_table_end": "نهاية الجدول.",
        "spoken_closing": "نهاية المقال.",
        "player_listen": "استمع إلى هذا المقال",
        "player_play": "تشغيل",
        "player_pause": "إيقاف مؤقت",
        "player_prev_sentence": "الجملة السابقة",
        "player_next_sentence": "الجملة التالية",
        "player_prev_section": "القسم السابق",
        "player_next_section": "القسم التالي",
        "player_speed": "السرعة",
        "player_position": "الموضع",
        "player_read_from_here": "اقرأ من هنا",
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
        "nav_contents": "Περιεχόμενα",
        "nav_landmarks": "Ορόσημα",
        "nav_pages": "Σελίδες",
        "nav_cover": "Εξώφυλλο",
        "nav_title_page": "Σελίδα τίτλου",
        "nav_start": "Αρχή του άρθρου",
        "spoken_published": "Δημοσιεύθηκε στις {date}",
        "spoken_image": "Εικόνα: {text}",
        "spoken_quote": "Παράθεμα.",
        "spoken_quote_end": "Τέλος παραθέματος.",
        "spoken_code": "Κώδικας.",
        "spoken_code_end": "Τέλος κώδικα.",
        "spoken_list_1": "Λίστα με ένα στοιχείο.",
        "spoken_list_n": "Λίστα με {n} στοιχεία.",
        "spoken_terms_1": "Λίστα με έναν όρο.",
        "spoken_terms_n": "Λίστα με {n} όρους.",
        "spoken_table": "Πίνακας.",
        "spoken_table_caption": "Πίνακας: {caption}",
        "spoken_table_end": "Τέλος πίνακα.",
        "spoken_closing": "Τέλος άρθρου.",
        "player_listen": "Ακούστε αυτό το άρθρο",
        "player_play": "Αναπαραγωγή",
        "player_pause": "Παύση",
        "player_prev_sentence": "Προηγούμενη πρόταση",
        "player_next_sentence": "Επόμενη πρόταση",
        "player_prev_section": "Προηγούμενη ενότητα",
        "player_next_section": "Επόμενη ενότητα",
        "player_speed": "Ταχύτητα",
        "player_position": "Θέση",
        "player_read_from_here": "Ανάγνωση από εδώ",
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
        "nav_contents": "विषय-सूची",
        "nav_landmarks": "लैंडमार्क",
        "nav_pages": "पृष्ठ",
        "nav_cover": "आवरण",
        "nav_title_page": "शीर्षक पृष्ठ",
        "nav_start": "लेख की शुरुआत",
        "spoken_published": "{date} को प्रकाशित",
        "spoken_image": "चित्र: {text}",
        "spoken_quote": "उद्धरण।",
        "spoken_quote_end": "उद्धरण समाप्त।",
        "spoken_code": "कोड।",
        "spoken_code_end": "कोड समाप्त।",
        "spoken_list_1": "एक मद की सूची।",
        "spoken_list_n": "{n} मदों की सूची।",
        "spoken_terms_1": "एक शब्द की सूची।",
        "spoken_terms_n": "{n} शब्दों की सूची।",
        "spoken_table": "तालिका।",
        "spoken_table_caption": "तालिका: {caption}",
        "spoken_table_end": "तालिका समाप्त।",
        "spoken_closing": "लेख समाप्त।",
        "player_listen": "यह लेख सुनें",
        "player_play": "चलाएँ",
        "player_pause": "रोकें",
        "player_prev_sentence": "पिछला वाक्य",
        "player_next_sentence": "अगला वाक्य",
        "player_prev_section": "पिछला खंड",
        "player_next_section": "अगला खंड",
        "player_speed": "गति",
        "player_position": "स्थिति",
        "player_read_from_here": "यहाँ से पढ़ें",
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
        "nav_contents": "目次",
        "nav_landmarks": "ランドマーク",
        "nav_pages": "ページ",
        "nav_cover": "表紙",
        "nav_title_page": "タイトルページ",
        "nav_start": "記事の冒頭",
        "spoken_published": "{date}公開",
        "spoken_image": "画像：{text}",
        "spoken_quote": "引用。",
        "spoken_quote_end": "引用終わり。",
        "spoken_code": "コード。",
        "spoken_code_end": "コード終わり。",
        "spoken_list_1": "1項目のリスト。",
        "spoken_list_n": "{n}項目のリスト。",
        "spoken_terms_1": "1語の用語リスト。",
        "spoken_terms_n": "{n}語の用語リスト。",
        "spoken_table": "表。",
        "spoken_table_caption": "表：{caption}",
        "spoken_table_end": "表の終わり。",
        "spoken_closing": "記事の終わり。",
        "player_listen": "この記事を聞く",
        "player_play": "再生",
        "player_pause": "一時停止",
        "player_prev_sentence": "前の文",
        "player_next_sentence": "次の文",
        "player_prev_section": "前のセクション",
        "player_next_section": "次のセクション",
        "player_speed": "再生速度",
        "player_position": "再生位置",
        "player_read_from_here": "ここから読む",
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
        "nav_contents": "Содержание",
        "nav_landmarks": "Ориентиры",
        "nav_pages": "Страницы",
        "nav_cover": "Обложка",
        "nav_title_page": "Титульная страница",
        "nav_start": "Начало статьи",
        "spoken_published": "Опубликовано {date}",
        "spoken_image": "Изображение: {text}",
        "spoken_quote": "Цитата.",
        "spoken_quote_end": "Конец цитаты.",
        "spoken_code": "Код.",
        "spoken_code_end": "Конец кода.",
        "spoken_list_1": "Список из одного пункта.",
        "spoken_list_n": "Список, пунктов: {n}.",
        "spoken_terms_1": "Список из одного термина.",
        "spoken_terms_n": "Список, терминов: {n}.",
        "spoken_table": "Таблица.",
        "spoken_table_caption": "Таблица: {caption}",
        "spoken_table_end": "Конец таблицы.",
        "spoken_closing": "Конец статьи.",
        "player_listen": "Слушать статью",
        "player_play": "Воспроизвести",
        "player_pause": "Пауза",
        "player_prev_sentence": "Предыдущее предложение",
        "player_next_sentence": "Следующее предложение",
        "player_prev_section": "Предыдущий раздел",
        "player_next_section": "Следующий раздел",
        "player_speed": "Скорость",
        "player_position": "Позиция",
        "player_read_from_here": "Читать отсюда",
    },
}
"""The one label catalogue, by primary language subtag; read it with :func:`label`."""

LABEL_LANGUAGES: tuple[str, ...] = tuple(_LABELS)
"""The languages Triptych has labels for (primary subtags); any other gets the English ones."""
LABEL_KEYS: frozenset[str] = frozenset(Labels.__required_keys__)
"""The keys every language of the catalogue has."""


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
    """The label ``key`` of :class:`Labels` in the language of ``tag``, its ``{values}`` filled in.

    Every edition reads its words here: ``label("de-AT", "nav_contents")`` is ``"Inhalt"``. A
    language the catalogue does not have gets English; a key it does not have is a ``KeyError``.
    """
    table = cast(Mapping[str, str], _LABELS.get(primary_subtag(tag), _LABELS["en"]))
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
