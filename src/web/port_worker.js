// A processing worker for the Eyra/D3I Port data-donation platform: Port starts its worker
// from the URL in its `src/index.tsx`; point that at this file, served with `wareport.js`
// beside it (both are in `target/browser/` after `cargo xtask web`). The donor picks the ZIP
// WhatsApp sent; the consent screen shows `wareport.extract`'s tables (`export
// --counts-only`: counts, settings, terms and findings, naming no one) and the failures by
// kind; what the donor consents to is donated under `<session>-whatsapp`. Nothing is read
// but the file the donor picks, and nothing leaves the worker but these messages.
importScripts('wareport.js');

const en = (text) => ({ translations: { en: text } });
// pandas' column orientation: {"column": {"0": value, "1": value}}
const column = (values) => Object.fromEntries(values.map((v, i) => [i, v]));
const render = (body) => ({
  __type__: 'CommandUIRender',
  page: {
    __type__: 'PropsUIPageDonation',
    platform: 'WhatsApp',
    header: { __type__: 'PropsUIHeader', title: en('Your WhatsApp account report') },
    body,
  },
});
const table = (id, title, description, dataFrame) => ({
  __type__: 'PropsUIPromptConsentFormTable',
  id,
  title: en(title),
  description: en(description),
  data_frame: dataFrame,
});

let sessionId;
onmessage = async ({ data }) => {
  const done = (scriptEvent) => postMessage({ eventType: 'runCycleDone', scriptEvent });
  if (data.eventType === 'initialise') {
    await wareport.load();
    postMessage({ eventType: 'initialiseDone' });
  } else if (data.eventType === 'firstRunCycle') {
    sessionId = data.sessionId;
    done(render({
      __type__: 'PropsUIPromptFileInput',
      description: en('Choose the ZIP WhatsApp sent you'),
      extensions: 'application/zip',
    }));
  } else if (data.response.payload.__type__ === 'PayloadFile') {
    const { tables, errors } = await wareport.extract(data.response.payload.value, { countsOnly: true });
    done(render({
      __type__: 'PropsUIPromptConsentForm',
      tables: tables.map((t) => table(t.id, t.title, t.description, t.data_frame)),
      metaTables: [table('wareport_errors', 'Errors', 'Failures by kind', JSON.stringify({
        kind: column(Object.keys(errors)),
        count: column(Object.values(errors)),
      }))],
    }));
  } else if (data.response.payload.__type__ === 'PayloadJSON') {
    done({ __type__: 'CommandSystemDonate', key: `${sessionId}-whatsapp`, json_string: data.response.payload.value });
  } else {
    done({ __type__: 'CommandUIRender', page: { __type__: 'PropsUIPageEnd' } });
  }
};
