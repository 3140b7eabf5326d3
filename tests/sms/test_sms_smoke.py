from chalicelib.store import reports as store


def test_plain_text_files_a_report_and_answers_with_its_tracking_id(sms, number):
    answers = sms(number, "jalan rusak parah di depan SDN 3 Desa Sukamaju sejak sebulan")
    assert len(answers) == 1, answers
    assert "LAPOR! Laporan diterima, ID " in answers[0]
    tid = answers[0].split("ID ")[1].split(".")[0]
    report = store.get(tid)
    assert report.channel.value == "SMS" and report.category is None and report.status.value == "DITERIMA"
    assert store.contact(tid).phone == "+62" + number[1:]
