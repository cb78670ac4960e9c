import type { FormState } from '../../session/flash';

export type InputType = 'text' | 'email' | 'password' | 'search';

/** One input of a form, as declared by a presenter. */
export interface FieldSpec {
  name: string;
  label: string;
  type?: InputType;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  maxlength?: number;
  /** The value shown when the form is fresh (a profile's current name). */
  value?: string | null;
}

/** What the `field` partial renders. */
export interface FieldView {
  id: string;
  name: string;
  label: string;
  type: InputType;
  isPassword: boolean;
  value: string;
  autocomplete?: string;
  required: boolean;
  optional: boolean;
  hint?: string;
  inputmode?: string;
  maxlength?: number;
  invalid: boolean;
  errorText?: string;
  describedBy?: string;
  autofocus: boolean;
}

export interface ErrorSummary {
  items: { href: string; text: string }[];
  message?: string;
}

export interface FormView {
  fields: FieldView[];
  summary?: ErrorSummary;
}

/**
 * Inputs with their labels, re-filled values (never passwords), inline errors, and autofocus
 * on the first invalid one (or on the first one when `focusFirst`), plus the error summary.
 */
export function buildForm(
  formId: string,
  specs: FieldSpec[],
  state?: FormState,
  focusFirst = false,
): FormView {
  const firstInvalid = specs.find((spec) => (state?.errors[spec.name]?.length ?? 0) > 0)?.name;
  const fields = specs.map((spec, index): FieldView => {
    const type = spec.type ?? 'text';
    const errors = state?.errors[spec.name] ?? [];
    const id = `${formId}-${spec.name}`;
    const refilled = type === 'password' ? '' : state?.values[spec.name];
    const describedBy = [errors.length ? `${id}-error` : '', spec.hint ? `${id}-hint` : '']
      .filter(Boolean)
      .join(' ');
    return {
      id,
      name: spec.name,
      label: spec.label,
      type,
      isPassword: type === 'password',
      value: refilled ?? spec.value ?? '',
      autocomplete: spec.autocomplete,
      required: spec.required ?? false,
      optional: spec.required === false,
      hint: spec.hint,
      inputmode: spec.inputmode,
      maxlength: spec.maxlength,
      invalid: errors.length > 0,
      errorText: errors.length ? errors.join(' ') : undefined,
      describedBy: describedBy || undefined,
      autofocus: firstInvalid
        ? spec.name === firstInvalid
        : focusFirst && index === 0 && !state?.message,
    };
  });
  const items = fields
    .filter((f) => f.invalid)
    .map((f) => ({ href: `#${f.id}`, text: `${f.label}: ${f.errorText ?? ''}` }));
  const summary = items.length || state?.message ? { items, message: state?.message } : undefined;
  return { fields, summary };
}

/** A form field's value from a urlencoded body: a string, or '' when absent. */
export function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === 'string' ? first : '';
}

/** Every value of a repeated field (checkboxes). */
export function fields(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}
