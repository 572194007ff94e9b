// Every VS Code selector and UI gesture the e2e tests use, in one place. They are VS Code internals
// (verified on code-server 4.99.4 = VS Code 1.99.3) and may move between VS Code versions: when a
// test breaks after an upgrade, this is the file to fix.
//
// Rules: wait on the UI, never sleep; the only polling is a bounded retry of a gesture whose
// answer depends on the language server having started (completion, hover, outline).

import assert from 'node:assert/strict';

export const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  editor: '.editor-instance .monaco-editor',
  viewLines: '.editor-instance .monaco-editor .view-lines',
  viewLine: '.view-line',
  squiggle: { error: '.squiggly-error', warning: '.squiggly-warning', info: '.squiggly-info' },
  statusProblems: '[id="status.problems"] a',
  statusLanguageMode: '[id="status.editor.mode"]',
  statusLanguageStatus: '[id="status.languageStatus"]',
  languageStatusHover: '.monaco-hover-content:has(.hover-language-status)',
  hover: '.monaco-hover',
  markersRow: '.markers-panel .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .monaco-list-row',
  actionWidgetRow: '.action-widget .monaco-list-row',
  suggestWidget: '.editor-widget.suggest-widget',
  suggestRow: '.editor-widget.suggest-widget .monaco-list-row',
  suggestMessage: '.editor-widget.suggest-widget .message',
  notificationToast: '.notification-toast',
  outlineRow: '.outline-pane .monaco-list-row',
  outputView: '.output-view',
  dialog: '.monaco-dialog-box',
  dialogButton: '.monaco-dialog-box .monaco-button',
  toastButton: '.notification-toast .monaco-button',
  codeLens: '.editor-instance .monaco-editor .codelens-decoration a',
  webviewOuter: 'iframe.webview.ready',
  webviewInner: 'iframe#active-frame',
};

const TIMEOUT = 30_000;
/** Language-server answers: first activation of the extension includes spawning the server. */
const LS_TIMEOUT = 60_000;

/** Monaco renders spaces as U+00A0 in the view. */
const fromView = (s) => s.replace(/\u00a0/g, ' ');

export class VSCodeUI {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  get keyboard() {
    return this.page.keyboard;
  }

  async waitForWorkbench() {
    await this.page.locator(SEL.workbench).waitFor({ timeout: 90_000 });
    // the explorer has read the workspace folder once its tree has rows
    await this.page.locator(SEL.explorerRow).first().waitFor({ timeout: 90_000 });
  }

  // ---------------------------------------------------------------- quick input / command palette

  quickInput() {
    return this.page.locator(SEL.quickInput);
  }

  /** Rows of the open quick pick (visible ones: the list is virtualised). */
  quickPickRows() {
    return this.page.locator(SEL.quickInputRow);
  }

  /** Opens the command palette with `text` typed (F1 gives the ">" prefix). */
  async openPalette(text = '') {
    await this.page.keyboard.press('F1');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(`>${text}`);
    return input;
  }

  /** Runs a command by its palette title, e.g. "View: Close All Editors". */
  async runCommand(title) {
    await this.openPalette(title);
    const row = this.page.locator(SEL.quickInputRow).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`) }),
    }).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await row.click();
    await this.page.locator(SEL.quickInputBox).waitFor({ state: 'hidden', timeout: TIMEOUT }).catch(() => {});
  }

  /**
   * Runs a palette command that may answer with its own quick input: clicks it, then waits until
   * the palette is gone, i.e. the input is hidden or no longer holds the ">" command text.
   * (runCommand waits up to 30 s for the input to hide, which it does not when the command's
   * quick pick reuses the widget at once.)
   */
  async startCommand(title) {
    await this.openPalette(title);
    const row = this.page.locator(SEL.quickInputRow).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`) }),
    }).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await row.click();
    await this.page.waitForFunction((sel) => {
      const input = document.querySelector(sel);
      return !input || input.offsetParent === null || !input.value.startsWith('>');
    }, SEL.quickInputBox, { timeout: TIMEOUT });
  }

  /** Answers an open input box or quick pick (e.g. one a command opened): types `text`, presses Enter. */
  async answerQuickInput(text) {
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Answers VS Code's simple file dialog (showOpenDialog in the browser: a quick input with a path):
   * types the absolute path, waits until the dialog lists the file, then accepts with OK.
   */
  async answerFileDialog(absPath, timeout = TIMEOUT) {
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(absPath);
    const base = absPath.split('/').pop();
    await this.page.locator(SEL.quickInputRow).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(base)}\\s*$`) }),
    }).first().waitFor({ state: 'visible', timeout });
    assert.equal(await input.inputValue(), absPath);
    await this.page.locator(`${SEL.quickInput} .monaco-button`, { hasText: /^\s*OK\s*$/ }).first().click();
    await input.waitFor({ state: 'hidden', timeout });
  }

  /** The prompt / message line of the open quick input (e.g. a validation error of an input box). */
  async quickInputMessage() {
    return (await this.page.locator(`${SEL.quickInput} .quick-input-message`).first().innerText().catch(() => '')).trim();
  }

  async closeQuickInput() {
    if (await this.page.locator(SEL.quickInputBox).isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.page.locator(SEL.quickInputBox).waitFor({ state: 'hidden', timeout: TIMEOUT });
    }
  }

  // ---------------------------------------------------------------- files and the editor

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits until it is the active editor. */
  async openFile(relPath) {
    const base = relPath.split('/').pop();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(relPath);
    const row = this.page.locator(SEL.quickInputRow).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(base)}\\s*$`) }),
    }).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tabs-container .tab.active`, { hasText: base }).waitFor({ timeout: TIMEOUT });
    await this.page.locator(SEL.viewLines).first().waitFor({ timeout: TIMEOUT });
    await this.waitForEditorText((text) => text.length > 0);
  }

  editor() {
    return this.page.locator(SEL.editor).first();
  }

  /** Focuses the active editor's text (click on its first line: no selection change that matters). */
  async focusEditor() {
    await this.page.locator(`${SEL.editor} textarea.inputarea, ${SEL.editor} .native-edit-context`).first().focus();
  }

  /** The lines of the active editor as rendered (all of them while the file fits on the screen). */
  async editorLines() {
    const lines = await this.page.locator(SEL.viewLines).first().evaluate((el) =>
      [...el.querySelectorAll(':scope > .view-line')]
        .map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text));
    return lines.map(fromView);
  }

  async editorText() {
    return (await this.editorLines()).join('\n');
  }

  /** Waits until the rendered editor text satisfies `predicate`; returns it. */
  async waitForEditorText(predicate, timeout = TIMEOUT) {
    const end = Date.now() + timeout;
    let text = '';
    for (;;) {
      text = await this.editorText();
      if (predicate(text)) return text;
      if (Date.now() > end) throw new Error(`editor text did not reach the expected state; it is:\n${text}`);
      await this.page.waitForTimeout(50); // poll interval of a bounded wait, not a fixed sleep
    }
  }

  /** Moves the cursor with Go to Line/Column (Ctrl+G), 1-based line and column. */
  async goTo(line, column = 1) {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
    await this.page.locator(`${SEL.editor}.focused`).first().waitFor({ timeout: TIMEOUT });
  }

  /**
   * Finds `needle` in the editor text and returns its 1-based line and column (of its first char).
   * `occurrence` picks the n-th match (0-based).
   */
  async positionOf(needle, occurrence = 0) {
    const lines = await this.editorLines();
    let seen = 0;
    for (let i = 0; i < lines.length; i++) {
      let from = 0;
      for (;;) {
        const c = lines[i].indexOf(needle, from);
        if (c < 0) break;
        if (seen++ === occurrence) return { line: i + 1, column: c + 1 };
        from = c + 1;
      }
    }
    throw new Error(`"${needle}" not found in the editor:\n${lines.join('\n')}`);
  }

  /** Screen box of `needle` in the editor (its n-th occurrence), measured on the rendered text. */
  async boxOf(needle, occurrence = 0) {
    const box = await this.page.locator(SEL.viewLines).first().evaluate((el, [needle, occurrence]) => {
      const lines = [...el.querySelectorAll(':scope > .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      let seen = 0;
      for (const line of lines) {
        const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
        let from = 0;
        for (;;) {
          const start = text.indexOf(needle, from);
          if (start < 0) break;
          from = start + 1;
          if (seen++ !== occurrence) continue;
          // map [start, start+len) to text nodes and measure a DOM Range over them
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          let pos = 0;
          let setStart = false;
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const len = n.textContent.length;
            if (!setStart && start < pos + len) {
              range.setStart(n, start - pos);
              setStart = true;
            }
            if (setStart && start + needle.length <= pos + len) {
              range.setEnd(n, start + needle.length - pos);
              const r = range.getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height };
            }
            pos += len;
          }
        }
      }
      return null;
    }, [needle, occurrence]);
    if (!box) throw new Error(`"${needle}" is not rendered in the editor`);
    return box;
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer marked dirty. */
  async save() {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: TIMEOUT });
  }

  /** Whether the active editor has unsaved changes (its tab is marked dirty). */
  async isDirty() {
    return (await this.page.locator('.tabs-container .tab.active.dirty').count()) > 0;
  }

  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
  }

  // ---------------------------------------------------------------- diagnostics

  squiggles(severity = 'error') {
    return this.page.locator(`${SEL.editor} ${SEL.squiggle[severity]}`);
  }

  /** Waits for the first squiggle of a severity in the active editor; returns its locator. */
  async waitForSquiggle(severity = 'error', timeout = LS_TIMEOUT) {
    const s = this.squiggles(severity).first();
    await s.waitFor({ state: 'attached', timeout });
    return s;
  }

  async waitForNoSquiggle(severity = 'error', timeout = TIMEOUT) {
    await this.squiggles(severity).first().waitFor({ state: 'detached', timeout });
  }

  /** Counts from the status bar problems item: { errors, warnings, infos }. */
  async problemCounts() {
    const label = (await this.page.locator(SEL.statusProblems).first().getAttribute('aria-label')) ?? '';
    const n = (re) => Number(label.match(re)?.[1] ?? 0);
    return { errors: n(/Errors?: (\d+)/i), warnings: n(/Warnings?: (\d+)/i), infos: n(/Infos?: (\d+)/i), label };
  }

  /** Waits until the status bar's problem counts satisfy `predicate`. */
  async waitForProblemCounts(predicate, timeout = LS_TIMEOUT) {
    const end = Date.now() + timeout;
    let counts;
    for (;;) {
      counts = await this.problemCounts();
      if (predicate(counts)) return counts;
      if (Date.now() > end) throw new Error(`problem counts never matched; last: ${JSON.stringify(counts)}`);
      await this.page.waitForTimeout(100); // poll interval of a bounded wait
    }
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns a locator of the rows containing `text`. */
  async openProblems() {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: TIMEOUT });
  }

  problemRows(hasText) {
    return this.page.locator(SEL.markersRow, hasText ? { hasText } : {});
  }

  async problemRowTexts() {
    return (await this.page.locator(SEL.markersRow).allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  }

  /** Hovers over a box (e.g. a squiggle) with the mouse and waits for a hover containing `text`. */
  async hoverBox(box, text, timeout = TIMEOUT) {
    const hover = this.page.locator(SEL.hover, { hasText: text }).first();
    const end = Date.now() + timeout;
    // The hover appears after VS Code's hover delay, and (for language-server hovers) once the
    // server answers. Move away and back until it shows, bounded by the timeout.
    for (let i = 0; ; i++) {
      // a few intermediate mousemove events: a single jump does not always start VS Code's hover
      await this.page.mouse.move(box.x + box.width / 2 + (i % 2), box.y + box.height / 2, { steps: 5 });
      try {
        await hover.waitFor({ state: 'visible', timeout: Math.min(3_000, Math.max(1, end - Date.now())) });
        return hover;
      } catch (e) {
        if (Date.now() > end) {
          const shown = await this.page.locator(SEL.hover).allInnerTexts().catch(() => []);
          e.message = `no hover containing ${JSON.stringify(String(text))}; hovers shown: ${JSON.stringify(shown)}\n${e.message}`;
          throw e;
        }
        await this.page.mouse.move(box.x + box.width / 2, box.y + box.height * 4, { steps: 3 });
      }
    }
  }

  /** Hovers over the first squiggle of a severity; returns the hover locator (containing `text`). */
  async hoverSquiggle(text, severity = 'error') {
    const s = await this.waitForSquiggle(severity);
    // the squiggle lies under the text layer: Playwright's hover() refuses it, so move the mouse
    return this.hoverBox(await s.boundingBox(), text);
  }

  /** Hovers over `needle` in the editor text; returns the hover locator (containing `text`). */
  async hoverText(needle, text, { occurrence = 0, timeout = LS_TIMEOUT } = {}) {
    return this.hoverBox(await this.boxOf(needle, occurrence), text, timeout);
  }

  async dismissHover() {
    await this.page.mouse.move(0, 0);
    await this.page.keyboard.press('Escape');
  }

  // ---------------------------------------------------------------- quick fix (Ctrl+.)

  /** Puts the cursor on `needle`, opens the code action menu with Ctrl+. and returns the row titles. */
  async openQuickFix(needle) {
    const { line, column } = await this.positionOf(needle);
    await this.goTo(line, column + 1);
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator(SEL.actionWidgetRow);
    await rows.first().waitFor({ state: 'visible', timeout: LS_TIMEOUT });
    return (await rows.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  }

  /** Picks the code action whose title contains `title` from the open menu. */
  async pickQuickFix(title) {
    const rows = this.page.locator(SEL.actionWidgetRow);
    await rows.filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: TIMEOUT });
    // The menu sits under a pointer-blocking overlay: select with the keyboard, like a user would.
    const n = await rows.count();
    for (let i = 0; i <= n; i++) {
      const focused = (await this.page.locator(`${SEL.actionWidgetRow}.focused`).first().getAttribute('aria-label')) ?? '';
      if (focused.includes(title)) {
        await this.page.keyboard.press('Enter');
        await rows.first().waitFor({ state: 'detached', timeout: TIMEOUT });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not focus the code action "${title}"`);
  }

  // ---------------------------------------------------------------- completion (Ctrl+Space)

  suggestWidget() {
    return this.page.locator(SEL.suggestWidget);
  }

  /**
   * Triggers completion at the cursor with Ctrl+Space until the suggest widget lists items
   * (the language server may still be starting), bounded by `timeout`.
   */
  async triggerCompletion(timeout = LS_TIMEOUT) {
    const end = Date.now() + timeout;
    for (;;) {
      await this.page.keyboard.press('Control+Space');
      const row = this.page.locator(SEL.suggestRow).first();
      try {
        await row.waitFor({ state: 'visible', timeout: Math.min(3_000, Math.max(1, end - Date.now())) });
        return;
      } catch (e) {
        if (Date.now() > end) {
          const msg = await this.page.locator(SEL.suggestMessage).allInnerTexts().catch(() => []);
          e.message = `completion never listed items (widget message: ${JSON.stringify(msg)})\n${e.message}`;
          throw e;
        }
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Label of a suggest row (without the detail / description). */
  static rowLabel = (row) => row.querySelector('.monaco-icon-label .label-name')?.textContent ?? row.getAttribute('aria-label') ?? '';

  /**
   * All labels of the open suggest widget. The list is virtualised (only the visible rows exist),
   * so it is paged through with PageDown, reading the rendered rows at each page, until the last
   * item (aria-setsize) has been seen. The focus is left on the last item.
   */
  async completionLabels() {
    const rows = this.page.locator(SEL.suggestRow);
    await rows.first().waitFor({ state: 'visible', timeout: TIMEOUT });
    const labels = new Map(); // data-index -> label
    let total = 0;
    for (let page = 0; page < 200; page++) {
      const seen = await rows.evaluateAll((els) => els.map((r) => ({
        index: Number(r.getAttribute('data-index')),
        size: Number(r.getAttribute('aria-setsize')),
        label: (r.querySelector('.monaco-icon-label .label-name')?.textContent ?? '').trim(),
      })));
      for (const r of seen) {
        labels.set(r.index, r.label);
        total = Math.max(total, r.size || 0);
      }
      if (labels.size >= total) break;
      const focusedLabel = () => this.page.locator(`${SEL.suggestRow}.focused`).first().getAttribute('aria-label');
      const before = await focusedLabel();
      await this.page.keyboard.press('PageDown');
      const moved = await this.page.waitForFunction(([sel, before]) =>
        document.querySelector(`${sel}.focused`)?.getAttribute('aria-label') !== before,
      [SEL.suggestRow, before], { timeout: 5_000 }).then(() => true, () => false);
      if (!moved) break; // at the end of the list
    }
    assert.equal(labels.size, total, `read ${labels.size} of ${total} completion items`);
    return [...labels.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }

  /** The focused suggest row's label. */
  async focusedCompletion() {
    const row = this.page.locator(`${SEL.suggestRow}.focused`).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    return row.evaluate(VSCodeUI.rowLabel);
  }

  /** Narrows the open suggest widget by typing `prefix`, waits for `label` to be focused, accepts it. */
  async acceptCompletion(label, prefix = label.slice(0, Math.max(1, label.length - 2))) {
    await this.page.keyboard.type(prefix);
    const row = this.page.locator(SEL.suggestRow).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }),
    }).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await row.click();
    await this.page.locator(SEL.suggestWidget).locator('.monaco-list-row').first()
      .waitFor({ state: 'hidden', timeout: TIMEOUT });
  }

  async closeSuggest() {
    if (await this.page.locator(SEL.suggestRow).first().isVisible()) await this.page.keyboard.press('Escape');
  }

  // ---------------------------------------------------------------- outline

  /**
   * Go to Symbol in Editor (Ctrl+Shift+O): returns the labels of the quick pick rows once the
   * symbols are there (retried while the language server starts), then leaves the picker open.
   */
  async goToSymbolLabels(timeout = LS_TIMEOUT) {
    const end = Date.now() + timeout;
    for (;;) {
      await this.focusEditor();
      await this.page.keyboard.press('Control+Shift+O');
      const input = this.page.locator(SEL.quickInputBox);
      await input.waitFor({ state: 'visible', timeout: TIMEOUT });
      const row = this.page.locator(SEL.quickInputRow).first();
      try {
        await row.waitFor({ state: 'visible', timeout: Math.min(3_000, Math.max(1, end - Date.now())) });
        // a row can be a placeholder such as "No editor symbols": real symbols have an icon
        const labels = await this.page.locator(SEL.quickInputRow).evaluateAll((rows) => rows.map((r) => ({
          label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
          symbol: !!r.querySelector('.codicon[class*="codicon-symbol-"]'),
        })));
        const symbols = labels.filter((l) => l.symbol).map((l) => l.label);
        if (symbols.length) return symbols;
        if (Date.now() > end) return labels.map((l) => l.label);
      } catch (e) {
        if (Date.now() > end) throw e;
      }
      await this.page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
    }
  }

  /** Opens the Outline view (Explorer side bar) and returns its row labels. */
  async outlineViewLabels(timeout = LS_TIMEOUT) {
    await this.runCommand('Explorer: Focus on Outline View');
    const row = this.page.locator(SEL.outlineRow).first();
    await row.waitFor({ state: 'visible', timeout });
    return (await this.page.locator(`${SEL.outlineRow} .label-name`).allInnerTexts()).map((s) => s.trim());
  }

  // ---------------------------------------------------------------- status bar

  async languageMode() {
    const item = this.page.locator(SEL.statusLanguageMode).first();
    await item.waitFor({ state: 'visible', timeout: TIMEOUT });
    return (await item.innerText()).trim();
  }

  /** Waits until the status bar's language mode reads `name` (e.g. after opening a file). */
  async waitForLanguageMode(name, timeout = TIMEOUT) {
    await this.page.locator(SEL.statusLanguageMode, { hasText: name }).first().waitFor({ state: 'visible', timeout });
  }

  /**
   * Clicks the language status item (the `{}` next to the language mode) and returns the hover
   * locator once it contains `text`.
   */
  async openLanguageStatus(text, timeout = LS_TIMEOUT) {
    const item = this.page.locator(SEL.statusLanguageStatus).first();
    await item.waitFor({ state: 'visible', timeout });
    const hover = this.page.locator(SEL.languageStatusHover, { hasText: text }).first();
    const end = Date.now() + timeout;
    for (;;) {
      await item.click();
      try {
        await hover.waitFor({ state: 'visible', timeout: Math.min(3_000, Math.max(1, end - Date.now())) });
        return hover;
      } catch (e) {
        if (Date.now() > end) {
          const shown = await this.page.locator(SEL.languageStatusHover).allInnerTexts().catch(() => []);
          e.message = `language status never showed ${JSON.stringify(String(text))}; it showed: ${JSON.stringify(shown)}\n${e.message}`;
          throw e;
        }
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /**
   * Waits until the language status item reads `text` (its aria-label), then shows its hover:
   * VS Code pops the hover up by itself for an error-severity item, otherwise it is clicked open.
   */
  async waitForLanguageStatus(text, timeout = LS_TIMEOUT) {
    const item = this.page.locator(SEL.statusLanguageStatus).first();
    await this.page.waitForFunction(([sel, text]) => document.querySelector(sel)?.getAttribute('aria-label')?.includes(text),
      [SEL.statusLanguageStatus, text], { timeout });
    await item.waitFor({ state: 'visible', timeout });
    const hover = this.page.locator(SEL.languageStatusHover, { hasText: text }).first();
    if (await hover.isVisible()) return hover;
    if (await this.page.locator(SEL.languageStatusHover).first().isVisible()) await this.closeLanguageStatus();
    return this.openLanguageStatus(text, timeout);
  }

  /** Closes the language status hover (Escape; it also closes when the mouse clicks elsewhere). */
  async closeLanguageStatus(timeout = TIMEOUT) {
    const hover = this.page.locator(SEL.languageStatusHover).first();
    if (!(await hover.isVisible())) return;
    await this.page.keyboard.press('Escape');
    try {
      await hover.waitFor({ state: 'hidden', timeout: 2_000 });
    } catch {
      await this.page.locator(SEL.viewLines).first().click({ position: { x: 5, y: 5 }, force: true }).catch(() => {});
      await hover.waitFor({ state: 'hidden', timeout });
    }
  }

  // ---------------------------------------------------------------- notifications, output

  toast(text) {
    return this.page.locator(SEL.notificationToast, { hasText: text });
  }

  /** Waits for a notification toast containing `text` and for its fade-in to finish. */
  async waitForToast(text, timeout = TIMEOUT) {
    const toast = this.toast(text).first();
    await toast.waitFor({ state: 'visible', timeout });
    await this.page.waitForFunction(() => {
      const el = document.querySelector('.notification-toast-container');
      return !el || el.getAnimations({ subtree: true }).every((a) => a.playState === 'finished');
    });
    return toast;
  }

  /**
   * Shows the Output panel with channel `name` (Output: Show Output Channels...) and returns
   * its rendered text once `predicate(text)` holds.
   */
  async readOutputChannel(name, predicate = (t) => t.length > 0, timeout = TIMEOUT) {
    await this.runCommandWithPick('Output: Show Output Channels...', name);
    const lines = this.page.locator(`${SEL.outputView} .view-lines`).first();
    await lines.waitFor({ state: 'visible', timeout });
    const end = Date.now() + timeout;
    for (;;) {
      const text = fromView(await lines.evaluate((el) =>
        [...el.querySelectorAll(':scope > .view-line')]
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map((l) => l.textContent ?? '').join('\n')));
      if (predicate(text)) return text;
      if (Date.now() > end) throw new Error(`output channel "${name}" never matched; it reads:\n${text}`);
      await this.page.waitForTimeout(100); // poll interval of a bounded wait
    }
  }

  // ---------------------------------------------------------------- dialogs, CodeLens, webviews, clipboard
  // (added for cluster.test.mjs)

  /** The modal dialog containing `text`, once visible. */
  async waitForDialog(text, timeout = TIMEOUT) {
    const dialog = this.page.locator(SEL.dialog, { hasText: text }).first();
    await dialog.waitFor({ state: 'visible', timeout });
    return dialog;
  }

  /** Clicks the button `text` of the open modal dialog and waits for the dialog to close. */
  async clickDialogButton(text, timeout = TIMEOUT) {
    const btn = this.page.locator(SEL.dialogButton, { hasText: text }).first();
    await btn.waitFor({ state: 'visible', timeout });
    await btn.click();
    await this.page.locator(SEL.dialog).first().waitFor({ state: 'hidden', timeout });
  }

  /** Clicks the action button `button` of the toast containing `text`. */
  async clickToastButton(text, button, timeout = TIMEOUT) {
    const btn = this.toast(text).first().locator('.monaco-button', { hasText: button }).first();
    await btn.waitFor({ state: 'visible', timeout });
    await btn.click();
  }

  /** Labels of the action buttons of the toast containing `text`. */
  async toastButtons(text) {
    return (await this.toast(text).first().locator('.monaco-button').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  }

  /** Clicks the CodeLens `text` of the active editor (it appears once the extension provides it). */
  async clickCodeLens(text, timeout = LS_TIMEOUT) {
    const lens = this.page.locator(SEL.codeLens, { hasText: text }).first();
    await lens.waitFor({ state: 'visible', timeout });
    await lens.click();
  }

  /** The content frame of the visible webview (VS Code nests it: webview iframe > active-frame). */
  webview() {
    return this.page.frameLocator(SEL.webviewOuter).frameLocator(SEL.webviewInner);
  }

  /** The page's clipboard text (the browser context needs the clipboard-read permission). */
  async readClipboard() {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /**
   * The whole text of the Output panel's channel `name`: the view is virtualised, so after showing
   * it, select all and copy it (needs clipboard permissions) and read the clipboard.
   */
  async copyOutputChannel(name, predicate = (t) => t.length > 0, timeout = TIMEOUT) {
    // Output: Show Output Channels... then the channel, in the same quick input. (runCommandWithPick
    // would first wait up to 30 s for the palette to close, which it does not: the second pick reuses it.)
    await this.openPalette('Output: Show Output Channels...');
    const rowNamed = (label) => this.page.locator(SEL.quickInputRow).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }),
    }).first();
    await rowNamed('Output: Show Output Channels...').click({ timeout });
    const input = this.page.locator(SEL.quickInputBox);
    await this.page.waitForFunction((sel) => !document.querySelector(sel)?.value.startsWith('>'), SEL.quickInputBox, { timeout });
    await input.fill(name);
    await rowNamed(name).click({ timeout });
    await input.waitFor({ state: 'hidden', timeout });
    const lines = this.page.locator(`${SEL.outputView} .view-lines`).first();
    await lines.waitFor({ state: 'visible', timeout });
    const editor = this.page.locator(`${SEL.outputView} .monaco-editor`).first();
    await editor.locator('.view-lines').click();
    await this.page.locator(`${SEL.outputView} .monaco-editor.focused`).first().waitFor({ timeout });
    const end = Date.now() + timeout;
    for (;;) {
      await this.page.evaluate(() => navigator.clipboard.writeText(''));
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.press('Control+C');
      const text = await this.page.waitForFunction(() => navigator.clipboard.readText().then((t) => t || false),
        null, { timeout: 5_000, polling: 100 }).then((h) => h.jsonValue(), () => '');
      if (text && predicate(text)) return text;
      if (Date.now() > end) throw new Error(`copying output channel "${name}" gave:\n${text}`);
      await this.page.waitForTimeout(100); // poll interval of a bounded wait
    }
  }

  /** Runs a palette command that opens a second quick pick, and picks `item` in it. */
  async runCommandWithPick(title, item) {
    await this.runCommand(title);
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    await input.fill(item);
    const row = this.page.locator(SEL.quickInputRow).filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(item)}\\s*$`) }),
    }).first();
    await row.waitFor({ state: 'visible', timeout: TIMEOUT });
    await row.click();
    await input.waitFor({ state: 'hidden', timeout: TIMEOUT });
  }
}

export function escapeRe(s) {
  return String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** assert helper: `list` contains every one of `expected`. */
export function assertIncludesAll(list, expected, what) {
  const missing = expected.filter((e) => !list.includes(e));
  assert.deepEqual(missing, [], `${what}: missing ${JSON.stringify(missing)} in ${JSON.stringify(list)}`);
}

/** assert helper: `list` contains none of `forbidden`. */
export function assertIncludesNone(list, forbidden, what) {
  const present = forbidden.filter((e) => list.includes(e));
  assert.deepEqual(present, [], `${what}: unexpected ${JSON.stringify(present)} in ${JSON.stringify(list)}`);
}
