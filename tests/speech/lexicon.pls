<?xml version="1.0" encoding="UTF-8"?>
<!-- Pronunciations for the sample articles, W3C PLS 1.0. Only aliases are used. -->
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <lexeme>
    <grapheme>ICE</grapheme>
    <alias>I C E</alias>
  </lexeme>
  <lexeme>
    <grapheme>Oyelaran</grapheme>
    <grapheme>Oyelarans</grapheme>
    <alias>Oh yeh lah ran</alias>
  </lexeme>
  <lexeme>
    <grapheme>nginx</grapheme>
    <alias>engine x</alias>
  </lexeme>
  <lexeme>
    <grapheme>ICE</grapheme>
    <alias>ice again (ignored: the first lexeme wins)</alias>
  </lexeme>
  <lexeme>
    <grapheme>Hallorann</grapheme>
    <phoneme>ˈhæləræn</phoneme>
  </lexeme>
</lexicon>
