"""Drives headless Chromium over the Chrome DevTools Protocol through FrontDoor's main web flows,
saving a screenshot of each page. Run by scripts/browser-check.sh."""
import argparse, base64, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

import websocket  # websocket-client


class Browser:
    def __init__(self, chromium, port=9333):
        self.profile = tempfile.mkdtemp(prefix="frontdoor-check-")
        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--remote-debugging-port={port}",
             f"--user-data-dir={self.profile}", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                page = next(p for p in pages if p.get("type") == "page")
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_load(self):
        for _ in range(200):
            if self.js("document.readyState") == "complete":
                return
            time.sleep(0.05)

    def go(self, url):
        self.call("Page.navigate", url=url)
        time.sleep(0.2)
        self.wait_load()

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def fill(self, fields):
        for selector, value in fields.items():
            ok = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return false;
                if (e.type === 'radio' || e.type === 'checkbox') {{ e.checked = {json.dumps(bool(value))}; }} else {{ e.value = {json.dumps(value)}; }}
                return true; }})()""")
            if not ok:
                raise SystemExit(f"no field {selector} on {self.url()}")

    def submit(self, selector):
        self.js(f"document.querySelector({json.dumps(selector)}).click()")
        time.sleep(0.4)
        self.wait_load()

    def url(self):
        return self.js("location.href")

    def text(self):
        return self.js("document.body.innerText") or ""

    def shot(self, out, name):
        height = self.js("Math.min(document.documentElement.scrollHeight, 6000)") or 900
        self.call("Emulation.setDeviceMetricsOverride", width=1280, height=int(height), deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(os.path.join(out, name + ".png"), "wb") as f:
            f.write(base64.b64decode(data))
        self.call("Emulation.clearDeviceMetricsOverride")
        print(f"  screenshot {name}.png  ({self.url()})")

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def expect(condition, what):
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    print(f"ok - {what}")


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--base"); args.add_argument("--chromium"); args.add_argument("--passwords"); args.add_argument("--out")
    a = args.parse_args()
    log = open(a.passwords).read()
    passwords = dict(re.findall(r"^\s+(\S+@demo\.frontdoor\.example)\s+(\S+)\s*$", log, re.M))
    expect(len(passwords) >= 6, "the demo loader printed the web passwords")
    triage = next(e for e in passwords if "triage-worker" in e)
    manager = next(e for e in passwords if e.startswith("martin.team-manager"))
    police = next(e for e in passwords if e.startswith("dana.partner-agency-officer"))
    b = Browser(a.chromium)
    try:
        def sign_in(email):
            b.go(a.base + "/sign-in")
            b.fill({"#email": email, "#password": passwords[email]})
            b.submit("form[action='/sign-in'] button[type=submit]")
            if "/change-password" in b.url():
                # The demo's passwords are one-time: choose a new one first.
                b.fill({"#currentPassword": passwords[email], "#newPassword": "copper kettle morning rain"})
                b.submit("form[action='/change-password'] button[type=submit]")
                passwords[email] = "copper kettle morning rain"
            expect("/sign-in" not in b.url() and "/change-password" not in b.url(), f"signed in as {email}")

        def sign_out():
            b.submit("form.sign-out button")

        b.go(a.base + "/sign-in"); b.shot(a.out, "01-sign-in")
        sign_in(triage)
        b.go(a.base + "/work"); b.shot(a.out, "02-work-queue")
        expect("Work queue" in b.text(), "the work queue shows")
        b.go(a.base + "/contacts/new")
        b.fill({"#s_givenName": "Poppy", "#s_familyName": "Browsercheck"})
        b.submit("button[value=search]")
        b.shot(a.out, "03-new-contact-search")
        b.fill({"#c0_givenName": "Poppy", "#c0_familyName": "Browsercheck", "#c0_dateOfBirth": "2017-05-04",
                "#source": "2A", "#referrer_name": "Ms Head", "#referrer_organisation": "Oakfield Primary",
                "#summary": "Poppy came to school with a bruise on her cheek and said she was scared to go home.",
                "#consent-given": True, "#rag-red": True})
        b.submit("button[value=record]")
        expect(re.search(r"/contacts/[0-9A-F-]{36}$", b.url()) is not None, "the contact was recorded")
        contact = b.url()
        b.shot(a.out, "04-contact-received")
        b.submit("form[action$='/take'] button")
        b.fill({"#strengths": "Mother asked the school for help.", "#risks": "An injury to the face of a young child.",
                "#proposedOutcome-referral": True})
        b.submit("form[action$='/screening'] button")
        expect("Case summary" in b.text(), "the case summary was submitted")
        sign_out()
        sign_in(manager)
        b.go(a.base + "/dashboard"); b.shot(a.out, "05-dashboard")
        b.go(contact); b.shot(a.out, "06-contact-for-decision")
        b.fill({"#outcome-referral": True, "#reason": "An injury to a young child's face: the threshold for a referral is met."})
        b.submit("form[action$='/decision'] button")
        expect("Decided: progress to referral" in b.text(), "the manager decided the contact")
        b.shot(a.out, "07-contact-decided")
        b.go(a.base + "/referrals"); b.shot(a.out, "08-referrals")
        link = b.js("(document.querySelector(\"a[href^='/referrals/']\") || {}).href")
        if link:
            b.go(link); b.shot(a.out, "09-referral")
        b.go(a.base + "/strategy-discussions"); b.shot(a.out, "10-strategy-discussions")
        sign_out()
        sign_in(police)
        b.go(a.base + "/portal"); b.shot(a.out, "11-portal")
        b.go(a.base + "/portal/refer/child"); b.shot(a.out, "12-portal-child")
        b.submit("main form button[type=submit]")
        expect("There is a problem" in b.text(), "the portal says what is missing")
        b.shot(a.out, "13-portal-errors")
        b.fill({"#child_givenName": "Rory", "#child_familyName": "Portalcheck", "#child_dateOfBirth": "2016-01-09"})
        b.submit("main form button[type=submit]")
        b.fill({"#summary": "Rory told an officer there is no food at home.", "#danger-no": True})
        b.submit("main form button[type=submit]")
        b.fill({"#consent-given": True}); b.submit("main form button[type=submit]")
        b.fill({"#referrer_organisation": "Hampshire Constabulary", "#referrer_email": "dana.pollard@police.example"})
        b.submit("main form button[type=submit]")
        b.shot(a.out, "14-portal-check")
        b.submit("form[action='/portal/refer/check'] button")
        expect("Referral sent" in b.text(), "the portal referral was sent")
        b.shot(a.out, "15-portal-done")
        b.go(a.base + "/inbox"); b.shot(a.out, "16-partner-inbox")
        sign_out()
        b.go(a.base + "/worried"); b.shot(a.out, "17-public-form")
    finally:
        b.close()


if __name__ == "__main__":
    main()
