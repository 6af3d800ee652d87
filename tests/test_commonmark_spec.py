"""Every construct of the CommonMark spec (its sections, in our own small examples: the installed
markdown-it-py ships no spec file) is read or refused with one line; the editions made from all
that is read pass their checkers (PDF/UA-1 with page-validation, EPUBCheck and Ace)."""

from __future__ import annotations

from pathlib import Path

import pytest

from triptych.errors import TriptychError
from triptych.langtag import is_language_tag
from triptych.readers import read_source

from .checkers import epub_problems
from .helpers import made_path, parse_page, pdf_ua_failures

CASES: dict[str, str] = {
    "tabs": "\tfoo\tbaz\t\tbim\n\n  - foo\n\n\tbar\n",
    "precedence": "- `one\n- two`\n",
    "thematic-breaks": "***\n---\n___\n\n - - -\n\n_____________________________________\n\n+++\n",
    "atx-headings": "## foo\n### foo ###\n#5 bolt\n\\## foo\n# foo *bar* \\*baz\\*\n####### foo\n",
    "setext-headings": "Foo *bar*\n=========\n\nFoo *bar\nbaz*\n--------\n\n    Foo\n    ---\n",
    "indented-code": "    a simple\n      indented code block\n\n  - foo\n\n    bar\n\n    <a/>\n    *hi*\n",
    "fenced-code": "```\n<\n >\n```\n\n~~~ruby startline=3 $%@#$\ndef foo(x)\n  return 3\nend\n~~~\n\n````\naaa\n```\n``````\n",  # noqa: E501
    "unclosed-fence": "```\n\nunclosed fence, to the end\n",
    "html-blocks": "<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>\n",
    "html-block-kinds": "<div>\n*hello*\n         <foo><a>\n\n<!-- comment -->\n\n<?php echo 1; ?>\n\n<!DOCTYPE html>\n\n<![CDATA[\nx\n]]>\n\n<del>*foo*</del>\n",  # noqa: E501
    "html-script-style": "<script>\nalert(1)\n</script>\n<style>p{color:red}</style>\n\nokay\n",
    "textarea": "<textarea>\n\n*foo*\n\n_bar_\n\n</textarea>\n",
    "link-reference-definitions": '[foo]: /url "title"\n\n[foo]\n\n[bar]:\n/url\n\n[bar]\n\n[baz]: <>\n\n[baz]\n',
    "paragraphs": "aaa\n\nbbb\n\n  aaa\n bbb\n\naaa     \nbbb     \n",
    "blank-lines": "  \n\naaa\n  \n\n# aaa\n\n  \n",
    "block-quotes": "> # Foo\n> bar\n> baz\n\n> - foo\n- bar\n\n>     foo\n    ---\n\n> > > nested\n",
    "list-items": "1.  A paragraph\n    with two lines.\n\n        indented code\n\n    > A block quote.\n\n- one\n\n two\n\n123456789. ok\n\n-1. not ok\n",  # noqa: E501
    "lists": "- foo\n- bar\n+ baz\n\n1. foo\n2. bar\n3) baz\n\n- a\n - b\n  - c\n   - d\n    - e\n\n10) start\n",
    "backslash-escapes": "\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\`\\{\\|\\}\\~\n\n\\\t\\A\\a\\ \\3\\φ\\«\n",  # noqa: E501
    "entities": "&nbsp; &amp; &copy; &AElig; &Dcaron;\n&frac34; &HilbertSpace; &DifferentialD;\n&#35; &#1234; &#992; &#0; &#X22; &#XD06; &#xcab;\n&#87654321; &#abcdef0; &ThisIsNotDefined; &hi?;\n",  # noqa: E501
    "code-spans": '`foo` `` foo ` bar `` ` `` ` `foo   bar \nbaz` `foo\\`bar` ```foo`` `<a href="`">`\n',
    "emphasis": '*foo bar* a * foo bar* a*"foo"* _foo_bar_ *(*foo*)* **foo "*bar*" foo** __foo, __bar__, baz__ *foo**bar**baz* ***foo*** ****foo*\n',  # noqa: E501
    "deep-emphasis": "*a **b *c **d *e **f *g **h** g* f** e* d** c* b** a*\n",
    "links": '[link](/uri "title") [link](<>) [a](<b)c>) [link](foo\\)\\:) [link](#fragment) [link](http://example.com#fragment) [link](\\(foo\\)) [link](https:javascript:alert(1)) [x](https://../) [l](mailto:a@b.org) [e](javascript:alert(1))\n',  # noqa: E501
    "reference-links": '[foo][bar]\n\n[bar]: https://example.org "title"\n\n[Foo]\n\n[foo]: https://example.org/foo\n',
    "images": '![foo](/url "title") ![foo *bar*][] ![](https://example.org/x.png) ![a](data:image/png;base64,xx)\n\n[foo *bar*]: train.jpg "train & tracks"\n',  # noqa: E501
    "autolinks": "<http://foo.bar.baz> <https://foo.bar.baz/test?q=hello&id=22&boolean> <irc://foo.bar:2233/baz> <MAILTO:FOO@BAR.BAZ> <a+b+c:d> <made-up-scheme://foo,bar> <https://../> <localhost:5001/foo> <http://foo.bar/baz bim> <foo@bar.example.com> <foo+special@Bar.baz-bar0.com>\n",  # noqa: E501
    "raw-html": '<a><bab><c2c> <a/><b2/> <a  /><b2\ndata="foo" > <a foo="bar" bam = \'baz <em>"</em>\'\n_boolean zoop:33=zoop:33 /> Foo <responsive-image src="foo.jpg" /> <33> <__> <a h*#ref="hi"> foo <!-- this is a --\ncomment - with hyphens --> foo <?php echo $a; ?> foo &<]]> <a href="\\*"> <span onclick="x()">hi</span>\n',  # noqa: E501
    "hard-line-breaks": "foo  \nbaz\n\nfoo\\\nbaz\n\nfoo       \nbaz\n\n*foo  \nbar*\n\n`code  \nspan`\n",
    "soft-line-breaks": "foo\nbaz\n\nfoo \n baz\n",
    "textual-content": "hello $.;'there\n\nFoo χρῆν\n\nMultiple     spaces\n",
    "tables": "| a | b |\n|---|:-:|\n| `c` | **d** |\n| e \\| f | |\n",
    "footnotes": "Text[^1] and more[^n].\n\n[^1]: A note.\n[^n]: Another, with `code`.\n",
    "definition-lists": "Term\n: Definition one\n: Definition two\n",
    "lang-spans": '[texte]{lang=fr} [bad]{lang="../x"} [c]{lang=en-}\n',
    "only-doctype": "<!DOCTYPE html>\n",
    "only-comment": "<!-- nothing -->\n",
    "nul-entity": "&#0; &#xD800; &#x110000;\n",
}


def _article(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(f"# Case {name}\n\n{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_construct_is_read_or_refused_with_one_line(tmp_path: Path, name: str) -> None:
    path = _article(tmp_path, name, CASES[name])
    message = _refusal(path)
    assert message is None or ("\n" not in message and str(path) in message)


def _refusal(path: Path) -> str | None:
    """Why the article is refused (``None``: it is read, with text)."""
    try:
        article = read_source(path, media=False).article
    except TriptychError as exc:
        return str(exc)
    assert article.blocks
    return None


def test_the_editions_of_every_construct_pass_their_checkers(tmp_path: Path) -> None:
    from triptych import export

    body = "".join(f"## {name}\n\n{text}\n\n" for name, text in sorted(CASES.items()) if "doctype" not in name)
    path = tmp_path / "spec.md"
    path.write_text(f"# Every construct\n\n{body}", encoding="utf-8")
    result = export(path, "html,epub,pdf", tmp_path / "out", concurrent=False)
    assert result.ok, [o.error for o in result.outputs]
    outputs = {o.format: made_path(o.path) for o in result.outputs}
    assert pdf_ua_failures(outputs["pdf"]) == []
    page = parse_page(outputs["html"])
    assert all(is_language_tag(lang) for lang in page.xpath("//@lang"))
    assert all(href.startswith(("#", "https://", "http://", "mailto:")) for href in page.xpath("//a/@href"))
    # two sections headed by the same words ("foo" twice, as the spec's examples write it) are
    # not two landmarks with one name (Ace's landmark-unique): such sections stay unnamed
    assert epub_problems([outputs["epub"]])[outputs["epub"]] == []
