/*
 * wareport in the browser: the WhatsApp "Request account info" report, read on this
 * machine by the same Rust code as the `wareport` command line, compiled to WebAssembly.
 * Nothing is fetched, sent or stored: the module imports nothing at all, so it cannot,
 * and this script makes no request of any kind.
 *
 * A classic script: in a page it defines `window.wareport`, in a worker (importScripts)
 * `self.wareport`. Every function returns a Promise. An input is a File or Blob (a ZIP), a
 * Uint8Array or ArrayBuffer (a ZIP), `{name, data}` (a ZIP's bytes with a name for
 * messages) or `{name, files: [{path, file}]}` (a folder's files, paths below it). Options:
 * `{redact: {key, keepCountry, keepNetwork} | true, timeZone, mixed, countsOnly}`;
 * `redact: true` draws a fresh random key. Failures reject with a WareportError whose
 * `message` is the line the command line prints and whose `kind` names the kind.
 *
 *   summary(input, options)   -> the `summary --json` document
 *   show(input, options)      -> the `show --json` document
 *   audit(input, options)     -> the `audit --json` document
 *   inspect(input)            -> the `inspect --json` document
 *   report(inputs, options)   -> the HTML page `wareport report` writes (one or more inputs)
 *   timeline(inputs, options) -> the `timeline --json` document
 *   diff(old, new, options)   -> the `diff --json` document
 *   extract(input, options)   -> {tables: [{id, title, description, data_frame}], errors}
 *                                the tables of `export --counts-only`, never rejecting:
 *                                a failure is counted by kind in `errors`
 *   twin(input, options)      -> a Blob (application/zip): `wareport twin`, the report's
 *                                synthetic copy with nothing personal in it; options
 *                                `{seed, noCountry}` (no seed: a random one)
 */
(function (global) {
  'use strict';

  // The module, as base64 (filled in by `cargo xtask web`).
  const MODULE = '@MODULE_BASE64@';

  class WareportError extends Error {
    constructor(line, kind) {
      super(line);
      this.name = 'WareportError';
      this.kind = kind;
    }
  }

  let exports = null;

  function decodeModule() {
    const text = atob(MODULE);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  /** Instantiates the module once (again after a trap). */
  async function load() {
    if (!exports) {
      const { instance } = await WebAssembly.instantiate(decodeModule(), {});
      exports = instance.exports;
    }
    return exports;
  }

  // One call at a time: the module's staging area is shared, and a call awaits file reads.
  let queue = Promise.resolve();
  function serially(task) {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  function randomHex(n) {
    const bytes = new Uint8Array(n);
    global.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Copies `length` bytes into a fresh staged buffer, reading a Blob in chunks. */
  async function stage(ex, source, length) {
    let at = ex.wr_stage(length);
    if (at === 0 && length > 0) return; // over the input limit: refused unread
    if (source instanceof Uint8Array) {
      new Uint8Array(ex.memory.buffer, at, length).set(source);
      return;
    }
    // A Blob (a File): straight from its stream into the module's memory, no copy of the
    // whole file in between. The memory may grow meanwhile, so each chunk takes a fresh view.
    const reader = source.stream().getReader();
    let done = 0;
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      const n = Math.min(value.length, length - done);
      new Uint8Array(ex.memory.buffer, at + done, n).set(value.subarray(0, n));
      done += n;
    }
  }

  function bytesOf(data) {
    if (data instanceof Uint8Array) return data;
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return null;
  }

  /** What an input is: a name, and what to stage (a Blob or bytes), or a folder. */
  function describe(input, index) {
    if (input && Array.isArray(input.files)) {
      return { name: input.name || 'folder', folder: input.files };
    }
    if (typeof Blob !== 'undefined' && input instanceof Blob) {
      return { name: input.name || `report ${index + 1}.zip`, data: input, size: input.size };
    }
    const direct = bytesOf(input);
    if (direct) return { name: `report ${index + 1}.zip`, data: direct, size: direct.length };
    if (input && input.data !== undefined) {
      const bytes = bytesOf(input.data);
      const data = bytes || input.data;
      const size = bytes ? bytes.length : input.data.size;
      return { name: input.name || `report ${index + 1}.zip`, data, size };
    }
    throw new WareportError('wareport: error: an input must be a File, a Blob, bytes, {name, data} or {name, files}', 'usage');
  }

  function output(ex) {
    return new Uint8Array(ex.memory.buffer, ex.wr_output(), ex.wr_output_len());
  }

  /** Stages the request last, runs it, and gives the answer's text (its bytes, copied out
   * of the module's memory, when `binary`). */
  function run(ex, request, binary) {
    const bytes = new TextEncoder().encode(JSON.stringify(request));
    const at = ex.wr_stage(bytes.length);
    new Uint8Array(ex.memory.buffer, at, bytes.length).set(bytes);
    const failed = ex.wr_run() !== 0;
    if (failed) {
      const { error, kind } = JSON.parse(new TextDecoder().decode(output(ex)));
      throw new WareportError(error, kind);
    }
    return binary ? output(ex).slice() : new TextDecoder().decode(output(ex));
  }

  /** Where a folder's report is, asked of the module with the folder's listing alone. */
  function locate(ex, name, files) {
    const listing = files.map((f) => [f.path, f.file.size]);
    const { root } = JSON.parse(run(ex, { op: 'locate', inputs: [{ name, listing }] }));
    return { listing, own: files.filter((f) => f.path.startsWith(root)) };
  }

  function normalize(options) {
    const o = Object.assign({}, options || {});
    if (o.redact === true) o.redact = { key: randomHex(16) };
    if (o.redact === false || o.redact === null) delete o.redact;
    if (o.name !== undefined) delete o.name;
    return o;
  }

  async function call(op, inputs, options, extra, binary) {
    return serially(async () => {
      const ex = await load();
      try {
        // Every folder located first: a request runs on all that is staged.
        const described = inputs.map(describe).map((d) =>
          d.folder ? Object.assign(d, locate(ex, d.name, d.folder)) : d);
        const specs = [];
        for (const d of described) {
          if (d.folder) {
            for (const f of d.own) await stage(ex, f.file, f.file.size);
            specs.push({ name: d.name, listing: d.listing, read: d.own.map((f) => f.path) });
          } else {
            await stage(ex, d.data, d.size);
            specs.push({ name: d.name });
          }
        }
        return run(ex, Object.assign({ op, inputs: specs, options: normalize(options) }, extra || {}), binary);
      } catch (e) {
        if (e instanceof WareportError) throw e;
        // A trap leaves the module in no known state: the next call starts a fresh one.
        exports = null;
        throw new WareportError(`wareport: error: the module failed (${e && e.message}); this is a bug, please report it`, 'bug');
      }
    });
  }

  const json = (op) => async (input, options) => JSON.parse(await call(op, [input], options));

  const wareport = {
    WareportError,
    load: async () => { await load(); },
    summary: json('summary'),
    show: json('show'),
    audit: json('audit'),
    inspect: async (input) => JSON.parse(await call('inspect', [input], {})),
    report: async (inputs, options) => call('report', Array.isArray(inputs) ? inputs : [inputs], options),
    timeline: async (inputs, options) => JSON.parse(await call('timeline', inputs, options)),
    diff: async (older, newer, options) => JSON.parse(await call('diff', [older, newer], options)),
    extract: async (input, options) => {
      try {
        return JSON.parse(await call('extract', [input], options, { random: randomHex(16) }));
      } catch (e) {
        return { tables: [], errors: { [e.kind || 'bug']: 1 } };
      }
    },
    twin: async (input, options) => {
      const zip = await call('twin', [input], options, { random: randomHex(16) }, true);
      return new Blob([zip], { type: 'application/zip' });
    },
  };
  global.wareport = wareport;
})(typeof self !== 'undefined' ? self : this);
