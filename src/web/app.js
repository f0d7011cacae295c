/*
 * The page around the report: open or drop reports, show the page the module renders
 * (the same page `wareport report` writes), and save it, redacted or not, or its JSON, or
 * a twin of the report for a bug report.
 * Every report operation goes through `wareport` (wareport.js), the API scripts use too.
 */
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const zone = (() => {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { return 'UTC'; }
  })();
  // What is open: the inputs as the API takes them, and the page made of them.
  let inputs = [];
  let page = null;

  function status(text, isError) {
    const s = $('wr-status');
    s.textContent = text;
    s.classList.toggle('error', Boolean(isError));
  }

  function busy(on) {
    for (const b of document.querySelectorAll('button.wr-button')) b.disabled = on;
  }

  /** `My Account Info.zip` gives `My Account Info`: the stem saved files are named after. */
  function stem() {
    const first = inputs[0];
    const name = (first && first.name) || 'report';
    return name.replace(/\.zip$/i, '') || 'report';
  }

  function download(name, content, type) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /** Shows a page the module made: its sheet, its title and its body, as written. */
  function show(html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const style = doc.querySelector('head > style');
    if (style) $('page-style').textContent = style.textContent;
    document.title = doc.title;
    const main = $('wr-report');
    main.replaceChildren(...Array.from(doc.body.childNodes, (n) => document.importNode(n, true)));
    window.scrollTo(0, 0);
  }

  async function open(chosen) {
    if (chosen.length === 0) return;
    const started = performance.now();
    root.dataset.wrState = 'busy';
    busy(true);
    status(chosen.length === 1 ? 'Reading the report…' : `Reading ${chosen.length} reports…`);
    try {
      const html = await wareport.report(chosen, { timeZone: zone });
      inputs = chosen;
      page = html;
      show(html);
      // Rendered: after the next frame is painted.
      await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
      const ms = performance.now() - started;
      root.dataset.wrRenderMs = ms.toFixed(1);
      $('wr-saving').hidden = false;
      $('wr-twin').hidden = chosen.length !== 1;
      const read = `${chosen.length === 1 ? 'Read' : `Read ${chosen.length} reports`} in ${Math.round(ms)} ms, on this computer.`;
      // One report that was not wholly understood: how to send its shape.
      status(chosen.length === 1 && !(await understood(chosen[0])) ? `${read} ${NOT_UNDERSTOOD}` : read);
      root.dataset.wrState = 'ready';
    } catch (e) {
      root.dataset.wrState = 'error';
      status(e.message || String(e), true);
    } finally {
      busy(false);
    }
  }

  const NOT_UNDERSTOOD = 'Part of it was not understood: “Make a twin for a bug report” saves a copy with nothing personal in it, the same shape as yours, to attach to a bug report.';

  /** Whether `inspect` understood every part of the report. */
  async function understood(input) {
    try {
      return (await wareport.inspect(input)).understood;
    } catch (e) {
      return true; // the page was made: what inspect cannot say, it does not claim
    }
  }

  function key() {
    const typed = $('wr-key').value.trim();
    if (typed) return { key: typed, fresh: false };
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return { key: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''), fresh: true };
  }

  function redactedNote(k) {
    return k.fresh
      ? `Redacted with a fresh key, ${k.key}: type it in the Key box to get the same pseudonyms again, and share it with no one.`
      : 'Redacted with your key: the same key gives the same pseudonyms.';
  }

  async function guarded(task) {
    busy(true);
    try {
      await task();
    } catch (e) {
      status(e.message || String(e), true);
    } finally {
      busy(false);
    }
  }

  $('wr-save').addEventListener('click', () => {
    if (page) download(`${stem()}.html`, page, 'text/html');
  });

  $('wr-save-redacted').addEventListener('click', () => guarded(async () => {
    const k = key();
    const html = await wareport.report(inputs, { timeZone: zone, redact: { key: k.key } });
    download(`${stem()} (redacted).html`, html, 'text/html');
    status(redactedNote(k));
  }));

  async function json(redacted) {
    const k = redacted ? key() : null;
    for (const input of inputs) {
      const doc = await wareport.show(input, k ? { redact: { key: k.key } } : {});
      const name = (input.name || 'report').replace(/\.zip$/i, '');
      const which = inputs.length > 1 && !k ? name : stem();
      download(`${which}${k ? ' (redacted)' : ''}.json`, JSON.stringify(doc, null, 2) + '\n', 'application/json');
    }
    status(k ? redactedNote(k) : 'Saved the JSON document (`wareport show --json`).');
  }
  $('wr-save-json').addEventListener('click', () => guarded(() => json(false)));

  $('wr-twin').addEventListener('click', () => guarded(async () => {
    const zip = await wareport.twin(inputs[0]);
    download(`${stem()} (twin).zip`, zip, 'application/zip');
    status('Saved a twin: read as your report is read, with every number, address, name and time replaced. Attach it, not your report, to a bug report.');
  }));
  $('wr-save-redacted-json').addEventListener('click', () => guarded(() => json(true)));

  $('wr-files').addEventListener('change', (e) => {
    const files = Array.from(e.target.files);
    e.target.value = '';
    open(files);
  });

  $('wr-folder').addEventListener('change', (e) => {
    const files = Array.from(e.target.files);
    e.target.value = '';
    if (files.length === 0) return;
    // `webkitRelativePath` starts with the folder's own name.
    const top = files[0].webkitRelativePath.split('/')[0];
    open([{
      name: top,
      files: files.map((f) => ({ path: f.webkitRelativePath.split('/').slice(1).join('/'), file: f })),
    }]);
  });

  // A folder dropped: its files, with paths below it, not descending without end.
  const MAX_DEPTH = 8;
  const MAX_FILES = 20000;

  function entries(reader) {
    return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
  }

  function fileOf(entry) {
    return new Promise((resolve, reject) => entry.file(resolve, reject));
  }

  async function walk(dir) {
    const files = [];
    const stack = [[dir, '', 0]];
    while (stack.length && files.length < MAX_FILES) {
      const [d, prefix, depth] = stack.pop();
      const reader = d.createReader();
      for (;;) {
        const batch = await entries(reader);
        if (batch.length === 0) break;
        for (const e of batch) {
          if (e.isFile && files.length < MAX_FILES) {
            files.push({ path: prefix + e.name, file: await fileOf(e) });
          } else if (e.isDirectory && depth < MAX_DEPTH) {
            stack.push([e, `${prefix}${e.name}/`, depth + 1]);
          }
        }
      }
    }
    return { name: dir.name, files };
  }

  async function dropped(transfer) {
    const items = Array.from(transfer.items || []);
    const entriesOf = items
      .filter((i) => i.kind === 'file')
      .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    if (entriesOf.length && entriesOf.every(Boolean)) {
      const chosen = [];
      for (const entry of entriesOf) {
        chosen.push(entry.isDirectory ? await walk(entry) : await fileOf(entry));
      }
      return chosen;
    }
    return Array.from(transfer.files || []);
  }

  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    root.classList.add('wr-dragging');
  });
  document.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) root.classList.remove('wr-dragging');
  });
  document.addEventListener('drop', async (e) => {
    e.preventDefault();
    root.classList.remove('wr-dragging');
    open(await dropped(e.dataTransfer));
  });

  const drop = $('wr-drop');
  drop.addEventListener('click', () => $('wr-files').click());
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      $('wr-files').click();
    }
  });

  root.dataset.wrState = 'loading';
  wareport.load().then(
    () => { root.dataset.wrState = 'idle'; },
    (e) => {
      root.dataset.wrState = 'error';
      status(`wareport: error: this browser cannot run the page's WebAssembly module (${e.message})`, true);
    },
  );
})();
