/** The page every desk screen sits in, its stylesheet and its one small script (the pages work without it). */
import { commonTimeZones } from './format';
import { attributes, escapeHtml } from './html';
import { languages, nativeName, roles, say, ui, type Language, type Tri } from './i18n';
import type { DeskPerson } from './identity';

export interface PageFrame {
  language: Language;
  title: string;
  /** Signed in: the header shows who, the menu, the preferences and sign-out. */
  signedIn?: { person: DeskPerson; csrfToken: string; timeZone: string; returnTo: string };
  /** Which menu entry is the current page. */
  current?: 'queue' | 'register';
}

/** A staff member or an actor of the audit trail: their reference and, in words, their role. */
export const personLabel = (
  language: Language,
  person: { actorId: string; role: string } | { id: string; role: string },
) => {
  const id = 'actorId' in person ? person.actorId : person.id;
  return person.role === 'system'
    ? id
    : `${id} (${roles[person.role] ? say(language, roles[person.role]!) : person.role})`;
};

export const csrfField = (token: string) => `<input type="hidden" name="_csrf" value="${escapeHtml(token)}">`;

const link = (href: string, text: Tri, language: Language, current: boolean) =>
  `<a href="${href}"${current ? ' aria-current="page"' : ''}>${escapeHtml(say(language, text))}</a>`;

function header(frame: PageFrame): string {
  const { language } = frame;
  const signedIn = frame.signedIn;
  if (!signedIn) return `<header class="top"><p class="brand">${escapeHtml(say(language, ui.desk))}</p></header>`;
  const { person, csrfToken, timeZone, returnTo } = signedIn;
  const zones = commonTimeZones.includes(timeZone) ? commonTimeZones : [timeZone, ...commonTimeZones];
  const registers = person.role === 'coordinator';
  return `<header class="top">
<p class="brand"><a href="/desk">${escapeHtml(say(language, ui.desk))}</a></p>
<nav aria-label="${escapeHtml(say(language, ui.desk))}"><ul>
<li>${link('/desk', ui.queue, language, frame.current === 'queue')}</li>
${registers ? `<li>${link('/desk/register', ui.register, language, frame.current === 'register')}</li>` : ''}
</ul></nav>
<p class="who">${escapeHtml(say(language, ui.signedInAs, { who: `${personLabel(language, person)}${person.organisation ? `, ${person.organisation}` : ''}` }))}</p>
<form method="post" action="/desk/preferences" class="preferences" aria-label="${escapeHtml(say(language, ui.preferences))}">
${csrfField(csrfToken)}<input type="hidden" name="_return" value="${escapeHtml(returnTo)}">
<label for="pref-language">${escapeHtml(say(language, ui.language))}</label>
<select id="pref-language" name="language">${languages.map((code) => `<option value="${code}" lang="${code}"${code === language ? ' selected' : ''}>${nativeName[code]}</option>`).join('')}</select>
<label for="pref-zone">${escapeHtml(say(language, ui.timeZone))}</label>
<select id="pref-zone" name="timeZone" data-browser-zone>${zones.map((zone) => `<option${attributes({ value: zone, selected: zone === timeZone })}>${escapeHtml(zone)}</option>`).join('')}</select>
<button type="submit">${escapeHtml(say(language, ui.save))}</button>
</form>
<form method="post" action="/desk/sign-out" class="sign-out">${csrfField(csrfToken)}<button type="submit">${escapeHtml(say(language, ui.signOut))}</button></form>
</header>`;
}

export function page(frame: PageFrame, main: string): string {
  return `<!doctype html>
<html lang="${frame.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(frame.title)} · Homeward</title>
<link rel="stylesheet" href="/desk/assets/desk.css">
<script src="/desk/assets/desk.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${escapeHtml(say(frame.language, ui.skip))}</a>
${header(frame)}
<main id="main" tabindex="-1">
${main}
</main>
</body>
</html>
`;
}

/** A notice at the top of a page: `status` for news, `alert` for a problem. */
export const notice = (kind: 'status' | 'alert', text: string, lang?: Language) =>
  `<p class="${kind === 'alert' ? 'problem' : 'notice'}" role="${kind}"${lang ? ` lang="${lang}"` : ''}>${escapeHtml(text)}</p>`;

export const stylesheet = `*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.45;color:#14202b;background:#f6f8fa;margin:0}
a{color:#0b4f9c}a:hover{color:#06345f}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}.skip:focus{left:.5rem;z-index:10}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;background:#0b2f4f;color:#fff;padding:.5rem 1rem}
.top a{color:#fff}.top .brand{font-weight:700;margin:0}.top nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
.top nav a[aria-current]{text-decoration:underline;text-underline-offset:.3em;font-weight:700}
.top .who{margin:0 0 0 auto}.top form{display:flex;align-items:center;gap:.35rem;margin:0}
.top label{font-size:.85rem}.top select,.top button{font:inherit;font-size:.85rem}
main{max-width:84rem;margin:0 auto;padding:1rem 1.25rem 3rem}main:focus{outline:none}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:1rem 0 .4rem}
section.card,form.card,.card{background:#fff;border:1px solid #c9d3dc;border-radius:.4rem;padding:.75rem 1rem;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff}caption{text-align:left;font-weight:600;padding:.4rem 0}
th,td{border-bottom:1px solid #d6dee5;padding:.45rem .5rem;text-align:left;vertical-align:top}thead th{background:#e8eef3}
dl.facts{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.25rem 1rem;margin:0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.overdue{color:#9b1020;font-weight:600}.left{color:#34495e}
.badge{display:inline-block;border-radius:.3rem;padding:0 .35rem;font-size:.85rem;border:1px solid #7a8a99;background:#eef2f5}
.badge.escalated{border-color:#9b1020;background:#fdecee;color:#7a0c19}
.notice{border-left:4px solid #0b4f9c;padding:.5rem 1rem;background:#eaf2fb}
.problem,.refusal{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}
.refusal .original{font-size:.9rem;color:#3d2328;margin:.25rem 0 0}
.field{margin:.5rem 0}.field label,.field legend{display:block;font-weight:600}.field-problem{color:#9b1020;font-weight:600;margin:.2rem 0}
.optional{font-weight:400;color:#445566}
input,select,textarea,button{font:inherit}input[type=text],input[type=email],input[type=date],input[type=number],input[type=password],input:not([type]),select,textarea{padding:.35rem .45rem;border:1px solid #5b6b7a;border-radius:.25rem;max-width:100%}
textarea{width:100%}input[aria-invalid],select[aria-invalid],textarea[aria-invalid]{border:2px solid #b00020}
label.choice{display:block;font-weight:400;padding:.15rem 0}
fieldset{border:1px solid #c9d3dc;border-radius:.3rem;margin:.5rem 0;padding:.4rem .8rem}legend{font-weight:600;padding:0 .25rem}
button{background:#0b4f9c;color:#fff;border:0;border-radius:.3rem;padding:.45rem .9rem;cursor:pointer}
button.secondary{background:#fff;color:#0b4f9c;border:1px solid #0b4f9c}button.danger{background:#9b1020}
.top button{background:#fff;color:#0b2f4f;padding:.2rem .6rem}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #e08a00;outline-offset:2px}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}.filters .field{margin:0}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
.actions details{background:#fff;border:1px solid #c9d3dc;border-radius:.4rem;margin:0 0 .6rem;padding:.4rem .8rem}
.actions details[open]{padding-bottom:.8rem}.actions summary{cursor:pointer;font-weight:600;padding:.3rem 0}
.pager{display:flex;gap:1rem;align-items:center;margin:.75rem 0}.inline{display:inline}
.side-by-side{overflow-x:auto}.same{color:#1d5e2c}.differs{color:#9b1020;font-weight:600}
ul.plain{list-style:none;padding:0;margin:0}ul.plain li{padding:.2rem 0}
@media (max-width:40rem){dl.facts{grid-template-columns:1fr}.top .who{margin:0}}
`;

/** Improves only: the browser's own time zone offered first, and a question before a step that cannot be undone. */
export const script = `(function(){var z;try{z=Intl.DateTimeFormat().resolvedOptions().timeZone}catch(e){}
document.querySelectorAll('input[data-browser-zone]').forEach(function(i){if(z)i.value=z});
document.querySelectorAll('select[data-browser-zone]').forEach(function(s){if(!z)return;var f=false;for(var i=0;i<s.options.length;i++)if(s.options[i].value===z)f=true;if(!f){var o=document.createElement('option');o.value=z;o.textContent=z;s.insertBefore(o,s.firstChild)}if(s.getAttribute('data-browser-zone')==='prefer')s.value=z});
document.querySelectorAll('form[data-confirm]').forEach(function(f){f.addEventListener('submit',function(e){if(!window.confirm(f.getAttribute('data-confirm')))e.preventDefault()})});
var p=document.querySelector('[role=alert]');if(p&&p.closest('details'))p.closest('details').open=true;})();`;
