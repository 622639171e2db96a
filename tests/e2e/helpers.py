"""What a person does in the dashboard, as small steps the browser tests share."""

from __future__ import annotations

import base64
import io
from contextlib import suppress
from pathlib import Path

from PIL import Image
from playwright.sync_api import Download, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import Screen

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
# Serious and critical findings, with the experimental rule the issue names switched on.
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
}"""


# Pictures in view that have not arrived yet (lazy ones out of view, or folded away in a
# closed <details>, are left alone).
LOADING = """() => [...document.images].filter((i) => {
  const r = i.getBoundingClientRect()
  return r.width && r.bottom > 0 && r.top < innerHeight && !i.complete && i.checkVisibility()
}).length === 0"""


def screenshot(page: Page, name: str) -> Path:
    """Save what the user sees under test-output/screenshots/, once its pictures are in."""
    with suppress(PlaywrightError):  # a picture that never loads is what the user sees too
        page.wait_for_function(LOADING, timeout=5_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def search(page: Page, text: str) -> None:
    page.get_by_label("Search memories").fill(text)
    expect(page.get_by_test_id("memory-list").locator("mark").first).to_be_visible()


def memory_options(page: Page) -> Locator:
    return page.get_by_role("listbox", name="Memories").get_by_role("option")


def select_memories(page: Page, count: int) -> list[str]:
    """Tick the first `count` memories shown; returns their labels."""
    options = memory_options(page)
    labels = []
    for i in range(count):
        options.nth(i).get_by_test_id("memory-checkbox").click()
        expect(options.nth(i)).to_have_attribute("aria-selected", "true")
        labels.append(options.nth(i).inner_text())
    return labels


DROP = """(files) => {
  const transfer = new DataTransfer()
  for (const [name, data, type] of files) {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
    transfer.items.add(new File([bytes], name, { type }))
  }
  return transfer
}"""


def drop_files(page: Page, target: Locator, files: list[tuple[str, bytes]],
               mime_type: str = "image/png") -> None:
    """Drag files from the desktop onto `target` and let go."""
    encoded = [[name, base64.b64encode(data).decode(), mime_type] for name, data in files]
    transfer = page.evaluate_handle(DROP, encoded)
    target.dispatch_event("dragenter", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})


def prompt_box(page: Page) -> Locator:
    return page.get_by_label("Describe the image")


def send_prompt(page: Page, text: str) -> None:
    """Type a prompt and send it with Ctrl+Enter, then wait until the turn is over."""
    prompt_box(page).fill(text)
    prompt_box(page).press("Control+Enter")
    expect(page.get_by_test_id("pending-turn")).to_have_count(0, timeout=60_000)


def turns(page: Page) -> Locator:
    return page.get_by_role("list", name="Conversation").locator(":scope > li")


def reopen(page: Page, title: str) -> None:
    """Reload the page and open the past conversation `title` from the history."""
    page.reload()
    page.get_by_role("button", name="History", exact=True).click()
    page.get_by_test_id("history-item").filter(has_text=title).first.click()


def ask(page: Page, question: str) -> Locator:
    """Ask a question in the Chat tab and wait for the whole answer; returns the answer."""
    page.get_by_role("tab", name="Chat").click()
    box = page.get_by_label("Your question")
    box.fill(question)
    box.press("Control+Enter")
    answer = page.get_by_test_id("chat-answer").last
    expect(answer.locator(".animate-pulse")).to_have_count(0)
    return answer


def download(page: Page, format_label: str) -> Download:
    page.get_by_role("button", name="Download", exact=True).click()
    with page.expect_download() as info:
        page.get_by_role("group", name="Download options").get_by_role(
            "button", name=format_label).click()
    return info.value


def decoded(download: Download, folder: Path) -> Image.Image:
    path = folder / download.suggested_filename
    download.save_as(path)
    image = Image.open(io.BytesIO(path.read_bytes()))
    image.load()
    return image


def settings_panel(page: Page) -> Locator:
    """The image settings, unfolded."""
    toggle = page.get_by_role("button", name="Settings")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.get_by_test_id("image-settings")


def choose_model(page: Page, name: str) -> None:
    settings_panel(page).get_by_role("radiogroup", name="Model").get_by_role(
        "radio", name=name).click()


def accessibility_findings(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(AXE.read_text())  # through DevTools, so the page's CSP does not apply
    return page.evaluate(AXE_RUN)


OVERFLOWING = """() => [document.documentElement, ...document.querySelectorAll(
    '[role=tabpanel], section, [data-testid=generate-thread], [data-testid=chat-thread],' +
    ' [data-testid=series-view], [data-testid=composer-settings]')]
  .filter(e => e.offsetParent !== null || e === document.documentElement)
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.getAttribute('aria-label') || e.id || e.dataset.testid || e.tagName)"""


def overflowing(page: Page) -> list[str]:
    """The visible panes whose content is wider than they are (cut off or scrolling sideways)."""
    return page.evaluate(OVERFLOWING)


def show(page: Page, screen: Screen, pane: str) -> None:
    """Bring a pane into view: a phone's page tab, or a laptop's assistant tab."""
    names = {"memories": "Memories", "image": "Image" if screen.width < 1024 else "Generate",
             "chat": "Chat"}
    if pane == "memories" and screen.width >= 1024:
        return
    page.get_by_role("tab", name=names[pane], exact=True).click()
