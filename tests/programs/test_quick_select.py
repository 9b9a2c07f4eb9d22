from programs.forms import QuickSelect


def test_quick_select_marks_the_choice_and_escapes_labels():
    widget = QuickSelect(choices=[("", "---"), (1, "Dinas <Kesehatan>"), (2, 'Unit "B" & C')])
    html = widget.render("unit", "2", attrs={"id": "id_unit", "class": "form-select"})
    assert html.startswith('<select class="form-select" id="id_unit" name="unit">')
    assert '<option value="1">Dinas &lt;Kesehatan&gt;</option>' in html
    assert '<option value="2" selected>Unit &quot;B&quot; &amp; C</option>' in html
    assert html.count("selected") == 1 and widget.render("unit", None).count("selected") == 0
