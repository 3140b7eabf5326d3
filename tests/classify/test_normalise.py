"""The normaliser turns SMS and colloquial Indonesian into the words the model knows."""
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.classify import normalise as normaliser
from chalicelib.classify.normalise import (
    Vocabulary,
    normalise,
    raw_tokens,
    restore_vowels,
    skeleton,
    tokens,
)


def test_sms_abbreviations_are_expanded():
    assert tokens("jln dpn sklh byk lbg sdh 3 bln gk diperbaiki, krn blm ada dana utk itu yg dr dinas dgn kami") == [
        "jalan", "depan", "sekolah", "banyak", "lubang", "sudah", "3", "bulan", "tidak", "diperbaiki", "karena",
        "belum", "ada", "dana", "untuk", "itu", "yang", "dari", "dinas", "dengan", "kami"]


def test_regional_and_english_words_become_indonesian():
    assert tokens("dalan rusak, ora ono lampu") == ["jalan", "rusak", "tidak", "ada", "lampu"]
    assert tokens("the road is broken and flooded") == ["the", "jalan", "is", "rusak", "and", "banjir"]


def test_repeated_letters_reduplication_and_glued_numbers():
    assert tokens("tolooong, anak2 sakiiit") == ["tolong", "anak", "sakit"]
    assert tokens("gorong-gorong mampet") == ["gorong", "mampet"]
    assert tokens("gas 3kg") == ["gas", "3", "kg"]


def test_noise_is_dropped_not_crashed_on():
    assert raw_tokens("hub 081234567890 atau https://contoh.id/x a@b.co \x00\x07 🙏") == ["hub", "atau"]
    assert normalise("") == ""
    assert normalise("\u202e\ufeff") == ""


def test_missing_vowels_are_restored_from_the_vocabulary():
    vocab = Vocabulary(frozenset({"jembatan", "sekolah", "rusak"}), {skeleton("jembatan"): "jembatan"})
    assert restore_vowels(["jmbtn", "rusak", "xyz"], vocab) == ["jembatan", "rusak", "xyz"]


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_ascii_text_takes_a_shortcut_to_the_same_forms(text):
    """ASCII reports skip the per-character Unicode work; what they become must not change."""
    assert normaliser._ascii_forms(text) == normaliser._unicode_forms(text)


def test_accented_and_control_characters_still_take_the_unicode_path():
    assert normaliser.clean("Jalan\u00a0rusak di Café\u200b") == "jalan rusak di cafe "
