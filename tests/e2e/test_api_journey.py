"""The read API as an integrator meets it: the BKPSDM admin issues a token in the browser (shown once),
another system reads with it (an operator's scope), the admin sees its last use and revokes it; and
the API's documentation page renders from our own files under the Content-Security-Policy."""

import json
import urllib.error
import urllib.request


def api(server, path, key):
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # nosec B310 - the test's own server
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_an_admin_issues_a_token_a_system_reads_with_it_and_the_admin_revokes_it(person, server):
    admin = person()
    page = admin.login("admin")
    page.get_by_role("button", name="Administrasi").click()
    page.get_by_role("link", name="Token API").click()
    page.get_by_role("link", name="Buat token").click()
    page.fill("#id_username", "operator")
    page.fill("#id_name", "Dasbor provinsi")
    page.click("main button[type=submit]")
    key = page.input_value("#new-key")
    assert key.startswith("bkm_")
    admin.look("api-token-issued")
    page.reload()
    assert page.locator("#new-key").count() == 0, "a token is shown once"

    status, units = api(server, "/api/v1/units/?page_size=500", key)
    assert status == 200
    assert {unit["code"] for unit in units["results"]} >= {"KEC-CANDISARI"}
    assert "KOTA" not in {unit["code"] for unit in units["results"]}, "the operator reads his subtree only"
    status, employees = api(server, "/api/v1/employees/?page_size=5", key)
    assert status == 200 and employees["results"][0]["jp"]["target"] == 20

    page.get_by_role("link", name="Token API").click()
    admin.look("api-tokens")
    row = page.locator("tr", has_text="Dasbor provinsi")
    assert "belum pernah" not in row.inner_text(), "the list shows the token's last use"
    row.get_by_role("link", name="Dasbor provinsi").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cabut token").click()
    assert "dicabut" in page.locator(".alert").first.inner_text()
    status, body = api(server, "/api/v1/units/", key)
    assert (status, body["detail"]) == (401, "Token ini sudah dicabut.")


def test_the_api_docs_render_from_our_own_files_under_the_csp(person, server):
    reader = person()
    page = reader.go("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Bangkom API" in page.locator(".swagger-ui .info .title").inner_text()
    reader.look("api-docs")
    # The journeys' browser ignores the CSP to inject axe; a second one keeps it and must see no refusal.
    strict = reader.context.browser.new_context()
    try:
        refused = []
        probe = strict.new_page()
        probe.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
        probe.goto(server.url + "/api/v1/docs/")
        probe.wait_for_selector(".swagger-ui .opblock")
        outside = [request for request in reader.visited if not request.startswith(server.url)]
        assert not refused and not outside, (refused, outside)
    finally:
        strict.close()
