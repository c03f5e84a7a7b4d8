#!/usr/bin/env python3
"""Drives the operator page in headless Chromium, with JavaScript switched off, as a person
would: reads the overview, finds a waiting document, signs in with the operator token, retries
it and waits until the page shows it delivered. Screenshots go to SHOTS (laptop and phone).

usage: operator_page.py BASE_URL TOKEN_FILE DOCUMENT_KEY SHOTS
Prints what it checked; exits 1 naming the first check that failed."""
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

base, token_file, key, shots = sys.argv[1:5]
token = open(token_file).read().strip()


def fail(why):
    print("FAILED:", why)
    print("page:", driver.current_url)
    print(driver.find_element(By.TAG_NAME, "body").text)
    driver.quit()
    sys.exit(1)


def check(condition, what):
    if not condition:
        fail(what)
    print("ok:", what)


def text():
    return driver.find_element(By.TAG_NAME, "body").text


def follow(element):
    """Clicks a link or a submit button and waits for the page it leads to: reading before the
    old page is gone would read the old one, or an element that is going away."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(old))


options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900"):
    options.add_argument(argument)
# The page must read and act without JavaScript.
options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(30)

driver.get(base + "/")
check("Pipelines" in driver.title, "the overview loads")
check("clinic" in text() and "16356706" in text(), "it lists the pipeline and its company")
check("retry-later" in text(), "states are told in words")
driver.save_screenshot(f"{shots}/overview.png")

follow(driver.find_element(By.LINK_TEXT, "clinic"))
check("Waiting" in text() and key in text(), "the pipeline lists the waiting document")
driver.save_screenshot(f"{shots}/pipeline.png")

follow(driver.find_element(By.LINK_TEXT, key))
check("What to do" in text(), "the document says what to do")
check(not driver.find_elements(By.CSS_SELECTOR, "form.action"),
      "no action is offered before signing in")

# Keyboard: the first Tab reaches the skip link, and it leads to the content.
driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
check(driver.switch_to.active_element.text == "Skip to the content", "the skip link is first")

follow(driver.find_element(By.LINK_TEXT, "Sign in to act on documents"))
driver.find_element(By.ID, "token").send_keys("not the token")
follow(driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
check("not the operator token" in text(), "a wrong token is refused")
driver.find_element(By.ID, "token").send_keys(token)
follow(driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
check(driver.find_elements(By.XPATH, "//button[text()='Sign out']"), "the token signs in")

driver.get(f"{base}/document?pipeline=clinic&key={key.replace('/', '%2F')}")
try:
    retry = driver.find_element(By.XPATH, "//button[text()='Retry now']")
except NoSuchElementException:
    fail("a signed-in operator is offered a retry")
follow(retry)
check("will be delivered on the next pass" in text(), "the retry is done")

deadline = time.time() + 60
while time.time() < deadline:
    driver.get(f"{base}/document?pipeline=clinic&key={key.replace('/', '%2F')}")
    if "delivered after" in text():
        break
    time.sleep(1)
check("delivered after" in text(), "the page shows the document delivered")
check("retry requested on the operator page" in text(), "its history says the page asked")
driver.save_screenshot(f"{shots}/document.png")

driver.get(f"{base}/reconcile?pipeline=clinic&from=2005-01-01&to=2005-12-31")
check("Company 16356706" in text() and "Amount in the target" in text(),
      "source beside target per company, document by document")
check("agrees" in text() and "differs" in text(), "the booked one agrees, the waiting one differs")
driver.save_screenshot(f"{shots}/reconcile.png")

driver.set_window_size(390, 844)
driver.get(base + "/")
check("clinic" in text() and "16356706" in text(), "the overview reads on a phone's width")
driver.save_screenshot(f"{shots}/overview-phone.png")

# The wrong token's 403 was asked for; anything else (a CSP violation above all) is a fault.
refused = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
           and not ("/sign-in" in entry["message"] and "403" in entry["message"])]
check(not refused, f"the browser reported no other errors ({refused})")
driver.quit()
print("all checks passed")
