"""HR imports a SIASN export: the preview names a bad row, HR fixes it in the file, uploads again and imports.
The server's background worker checks and saves the file; the page polls until the result shows."""

from tests.programs.siasn import siasn_row, workbook_bytes


def test_hr_imports_a_siasn_file_after_fixing_the_row_the_preview_names(person, tmp_path):
    # NIP: born 02-02-1990, CPNS from January 2015, the gender digit siasn_row's gender asks for, a serial.
    nips = {n: f"19900202201501{1 if n % 2 else 2}{n:03d}" for n in range(1, 6)}
    rows = [siasn_row(n, nama=f"Pegawai E2E {n}", nip_baru=nips[n], tanggal_lahir="02-02-1990") for n in nips]
    rows[2]["nip_baru"] = "19900202-OOPS"
    broken, fixed = tmp_path / "siasn-salah.xlsx", tmp_path / "siasn-benar.xlsx"
    broken.write_bytes(workbook_bytes(rows))

    hr = person()
    hr.login("admin")
    page = hr.go("/pegawai/impor/")
    page.set_input_files("input[type=file]", str(broken))
    page.get_by_role("button", name="Periksa berkas").click()
    page.locator("#import-status .alert-danger").wait_for()  # the worker's check, polled by the page
    errors = page.locator("main table tbody tr")
    assert errors.count() == 1 and "nip_baru" in errors.first.inner_text()
    assert "tidak ada data yang disimpan" in page.locator(".alert-danger").inner_text()
    hr.look("import-errors", posted=True)
    with page.expect_download() as download:  # the row-by-row report, as HR would open it in Excel
        page.click("text=Unduh laporan kesalahan")
    from openpyxl import load_workbook

    download.value.save_as(tmp_path / "laporan-kesalahan.xlsx")
    report = load_workbook(tmp_path / "laporan-kesalahan.xlsx").active
    assert any("19900202-OOPS" in str(cell.value) for row in report.iter_rows() for cell in row)

    rows[2]["nip_baru"] = "199002022015011003"
    fixed.write_bytes(workbook_bytes(rows))
    page.set_input_files("input[type=file]", str(fixed))
    page.get_by_role("button", name="Periksa berkas").click()
    page.locator(".card.border-success").wait_for()
    preview = page.locator(".card.border-success").inner_text()
    assert "5 baris terbaca tanpa kesalahan" in preview and "5 pegawai baru" in preview
    hr.look("import-preview", posted=True)
    page.click("text=Simpan ke Bangkom")
    page.locator("#import-status .alert-success").wait_for()
    assert "Impor selesai: 5 pegawai baru" in page.locator("#import-status").inner_text()
    hr.look("import-saved")
    hr.go("/pegawai/?q=Pegawai+E2E")
    assert hr.page.locator("main table tbody tr").count() == 5
    hr.look("employee-list-after-import")
