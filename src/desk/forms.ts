/**
 * Forms built from the same zod schemas as the OpenAPI document (through the same JSON Schema conversion), and read
 * back into the bodies those schemas validate: a field the API takes is a field the form has, with the same limits,
 * so the two cannot disagree. Field names are the body's paths (`claimants.0.name`).
 */
import { z } from 'zod';
import { countryName, languageName } from './format';
import { attributes, escapeHtml } from './html';
import { fieldLabels, optionLabels, say, ui, type Language, type Tri } from './i18n';

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  format?: string;
  default?: unknown;
}

const converted = new WeakMap<z.ZodType, JsonSchema>();

/** The request body's JSON Schema exactly as the OpenAPI document states it (the input side of each schema). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = converted.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    // An optional body (`resume`) is an object or null: the form sends the object.
    if (json.anyOf) json = json.anyOf.find((option) => option.type === 'object') ?? {};
    converted.set(schema, json);
  }
  return json;
}

/** Every leaf path of a body schema (array items as `[]`): what a form must offer, checked by the desk's tests. */
export function leafPaths(schema: JsonSchema, path = ''): string[] {
  if (schema.type === 'object' && schema.properties)
    return Object.entries(schema.properties).flatMap(([name, child]) =>
      leafPaths(child, path ? `${path}.${name}` : name),
    );
  if (schema.type === 'array' && schema.items?.type === 'object') return leafPaths(schema.items, `${path}.[]`);
  return [path];
}

export type FormValues = Record<string, string | string[]>;
export interface Problem {
  text: string;
  /** The language the text is in: a message the desk cannot translate is shown as the API wrote it. */
  lang: Language;
}

export interface FieldOptions {
  language: Language;
  /** Prefix of element IDs, unique on the page. */
  idPrefix: string;
  values?: FormValues;
  problems?: Record<string, Problem>;
  /** How many entries an array of objects offers (its path without indices); one when not given. */
  slots?: Record<string, number>;
  /** Paths (without indices) the form leaves out: worked out by the API when omitted. */
  omit?: string[];
  /** Choices for a free-text field, e.g. the open disputes for `disputeId`. */
  choices?: Record<string, Array<{ value: string; label: string }>>;
  /** Fields to show as required though the schema does not (a reason the desk insists on). */
  require?: string[];
}

const generic = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '');
const idOf = (options: FieldOptions, path: string) => `${options.idPrefix}-${path.replace(/\./g, '-')}`;

function labelOf(language: Language, path: string): string {
  const label = fieldLabels[generic(path)] ?? fieldLabels[generic(path).split('.').at(-1)!];
  return label ? say(language, label) : generic(path).split('.').at(-1)!;
}

function optionLabel(language: Language, path: string, value: string): string {
  const field = generic(path).split('.').at(-1)!;
  const label: Tri | undefined = optionLabels[field]?.[value];
  if (label) return say(language, label);
  if (field === 'language') return languageName(language, value);
  return value;
}

const isCountryList = (schema: JsonSchema) => (schema.enum?.length ?? 0) > 50;

/** The datalist every country field points at: once per page. */
export function countryList(language: Language, codes: readonly string[]): string {
  const first = ['UA', 'RU', 'BY', 'PL', 'MD', 'RO', 'DE', 'GB'];
  const ordered = [...first.filter((code) => codes.includes(code)), ...codes.filter((code) => !first.includes(code))];
  return `<datalist id="country-codes">${ordered.map((code) => `<option value="${code}">${escapeHtml(countryName(language, code))}</option>`).join('')}</datalist>`;
}

function problemOf(options: FieldOptions, path: string): { html: string; describedBy?: string } {
  const problem = options.problems?.[path];
  if (!problem) return { html: '' };
  const id = `${idOf(options, path)}-problem`;
  return {
    html: `<p class="field-problem" id="${id}"${problem.lang !== options.language ? ` lang="${problem.lang}"` : ''}>${escapeHtml(problem.text)}</p>`,
    describedBy: id,
  };
}

function valueOf(options: FieldOptions, path: string): string | undefined {
  const value = options.values?.[path];
  return Array.isArray(value) ? value[0] : value;
}

function field(schema: JsonSchema, options: FieldOptions, path: string, required: boolean): string {
  const { language } = options;
  const id = idOf(options, path);
  const label = labelOf(language, path);
  const problem = problemOf(options, path);
  const invalid = problem.describedBy ? { 'aria-invalid': 'true', 'aria-describedby': problem.describedBy } : {};
  const optional = required ? '' : ` <span class="optional">(${escapeHtml(say(language, ui.optional))})</span>`;
  const choices = options.choices?.[generic(path)];
  // A fresh form shows the schema's defaults (a child's language); a form sent back shows what was sent.
  const current = options.values
    ? valueOf(options, path)
    : typeof schema.default === 'string'
      ? schema.default
      : undefined;

  if (schema.type === 'array' && schema.items?.enum) {
    const chosen = new Set([options.values?.[path] ?? []].flat());
    const boxes = schema.items.enum
      .map(
        (value) =>
          `<label class="choice"><input type="checkbox"${attributes({ name: path, value, checked: chosen.has(value) })}> ${escapeHtml(optionLabel(language, path, value))}</label>`,
      )
      .join('');
    return `<fieldset class="field"${attributes(invalid)}><legend>${escapeHtml(label)}${optional}</legend>${boxes}${problem.html}</fieldset>`;
  }
  if (schema.enum && isCountryList(schema)) {
    return `<div class="field"><label for="${id}">${escapeHtml(label)}${optional}</label><input${attributes({ id, name: path, list: 'country-codes', maxlength: 2, size: 4, autocomplete: 'off', required, value: current, ...invalid })}>${problem.html}</div>`;
  }
  if (schema.enum || choices) {
    const values = choices ?? schema.enum!.map((value) => ({ value, label: optionLabel(language, path, value) }));
    if (values.length <= 6) {
      const radios = values
        .map(
          (option, index) =>
            `<label class="choice" for="${id}-${index}"><input type="radio"${attributes({ id: `${id}-${index}`, name: path, value: option.value, required, checked: current === option.value || (values.length === 1 && required) })}> ${escapeHtml(option.label)}</label>`,
        )
        .join('');
      return `<fieldset class="field"${attributes(invalid)}><legend>${escapeHtml(label)}${optional}</legend>${radios}${problem.html}</fieldset>`;
    }
    const items = values
      .map(
        (option) =>
          `<option${attributes({ value: option.value, selected: current === option.value })}>${escapeHtml(option.label)}</option>`,
      )
      .join('');
    return `<div class="field"><label for="${id}">${escapeHtml(label)}${optional}</label><select${attributes({ id, name: path, required, ...invalid })}>${required ? '' : '<option value=""></option>'}${items}</select>${problem.html}</div>`;
  }
  if (schema.type === 'boolean') {
    return `<div class="field"><label class="choice" for="${id}"><input type="checkbox"${attributes({ id, name: path, value: 'true', checked: current === 'true' || current === 'on', ...invalid })}> ${escapeHtml(label)}</label>${problem.html}</div>`;
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    return `<div class="field"><label for="${id}">${escapeHtml(label)}${optional}</label><input${attributes({ id, name: path, type: 'number', inputmode: 'numeric', min: schema.minimum, max: schema.maximum, required, value: current, ...invalid })}>${problem.html}</div>`;
  }
  const type = schema.format === 'date' ? 'date' : schema.format === 'email' ? 'email' : 'text';
  if ((schema.maxLength ?? 0) > 200 && type === 'text') {
    return `<div class="field"><label for="${id}">${escapeHtml(label)}${optional}</label><textarea${attributes({ id, name: path, maxlength: schema.maxLength, rows: 3, required, ...invalid })}>${escapeHtml(current ?? '')}</textarea>${problem.html}</div>`;
  }
  return `<div class="field"><label for="${id}">${escapeHtml(label)}${optional}</label><input${attributes({ id, name: path, type, maxlength: schema.maxLength, required, value: current, autocomplete: type === 'email' ? 'off' : undefined, ...invalid })}>${problem.html}</div>`;
}

/** The fields of an object schema, nested objects as fieldsets and arrays of objects as numbered entries. */
export function renderFields(schema: JsonSchema, options: FieldOptions, path = '', required = true): string {
  const omit = new Set(options.omit ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, child]) => {
      const childPath = path ? `${path}.${name}` : name;
      if (omit.has(generic(childPath))) return '';
      const childRequired =
        required && ((schema.required ?? []).includes(name) || (options.require ?? []).includes(generic(childPath)));
      if (child.type === 'object' && child.properties) {
        const legend = labelOf(options.language, childPath);
        return `<fieldset class="group"><legend>${escapeHtml(legend)}</legend>${renderFields(child, options, childPath, childRequired)}</fieldset>`;
      }
      if (child.type === 'array' && child.items?.type === 'object') {
        const slots = options.slots?.[generic(childPath)] ?? 1;
        return Array.from({ length: slots }, (_, index) => {
          const entry = `${childPath}.${index}`;
          const legend = `${labelOf(options.language, childPath)} ${index + 1}`;
          return `<fieldset class="group"><legend>${escapeHtml(legend)}</legend>${renderFields(child.items!, options, entry, childRequired && index === 0)}</fieldset>`;
        }).join('');
      }
      return field(child, options, childPath, childRequired);
    })
    .join('');
}

/** Reads a form back into the body the schema describes: empty fields left out, numbers and booleans as such. */
export function formToBody(schema: JsonSchema, form: FormValues, path = ''): unknown {
  const at = (key: string) => {
    const value = form[key];
    return Array.isArray(value) ? value[0] : value;
  };
  if (schema.type === 'object' && schema.properties) {
    const body: Record<string, unknown> = {};
    let filled = false;
    for (const [name, child] of Object.entries(schema.properties)) {
      const value = formToBody(child, form, path ? `${path}.${name}` : name);
      if (value === undefined) continue;
      body[name] = value;
      if (child.type !== 'boolean' || value === true) filled = true;
    }
    // A boolean left unticked is false, but alone it does not make an entry.
    for (const [name, child] of Object.entries(schema.properties))
      if (filled && child.type === 'boolean' && body[name] === undefined) body[name] = false;
    return filled || !path ? body : undefined;
  }
  if (schema.type === 'array' && schema.items?.type === 'object') {
    const entries: unknown[] = [];
    for (let index = 0; index < (schema.maxItems ?? 20); index += 1) {
      const entry = formToBody(schema.items, form, `${path}.${index}`);
      if (entry !== undefined) entries.push(entry);
    }
    return entries.length ? entries : undefined;
  }
  if (schema.type === 'array') {
    const values = [form[path] ?? []].flat().filter((value) => value !== '');
    return values.length ? values : undefined;
  }
  // A field a form has once, sent twice, is not a form the desk served: the schema refuses the list.
  const sent = form[path];
  if (Array.isArray(sent) && sent.length > 1) return sent;
  const raw = at(path);
  if (raw === undefined || raw.trim() === '') return undefined;
  if (schema.type === 'boolean') return raw === 'true' || raw === 'on';
  if (schema.type === 'integer' || schema.type === 'number') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  return raw;
}

/** Any body as form values (`claimants.0.name`), to fill a form again or carry a registration through a review. */
export function bodyToForm(value: unknown, path = '', into: FormValues = {}): FormValues {
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) {
    into[path] = value.map(String);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => bodyToForm(item, `${path}.${index}`, into));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) bodyToForm(item, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined && value !== null) {
    into[path] = String(value);
  }
  return into;
}

/** Hidden inputs carrying form values to the next step. */
export function hiddenFields(values: FormValues): string {
  return Object.entries(values)
    .flatMap(([name, value]) =>
      [value].flat().map((item) => `<input type="hidden"${attributes({ name, value: item })}>`),
    )
    .join('');
}
