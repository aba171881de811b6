import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { EVENT_SCHEMAS, figureIssues, isLocalDate, type EventSpec, type FieldSpec } from '#procedure';

/**
 * class-validator DTOs built from the procedure's event schema, the single source of truth for
 * event payloads: the validator, the OpenAPI document and docs/events.md all come from it.
 */
type Ctor = new () => object;

const IsLocalDate = () =>
  ValidateBy({
    name: 'isLocalDate',
    validator: {
      validate: (v: unknown) => isLocalDate(v),
      defaultMessage: (a) => `${a?.property} phải là ngày có thật dạng YYYY-MM-DD / must be a real date YYYY-MM-DD`,
    },
  });

const MAX_INT = 1_000_000;

function decorate(target: object, f: FieldSpec, path: string): void {
  const apply = (d: PropertyDecorator): void => d(target, f.name);
  if (!f.required) apply(IsOptional());
  switch (f.type) {
    case 'date':
      apply(IsLocalDate());
      break;
    case 'string':
      apply(IsString({ message: `${f.name} phải là chuỗi / must be a string` }));
      apply(MaxLength(f.maxLength ?? 1000, { message: `${f.name} dài tối đa ${f.maxLength ?? 1000} ký tự / at most ${f.maxLength ?? 1000} characters` }));
      break;
    case 'integer':
      apply(IsInt({ message: `${f.name} phải là số nguyên / must be an integer` }));
      apply(Min(f.min ?? 0, { message: `${f.name} ≥ ${f.min ?? 0}` }));
      apply(Max(MAX_INT));
      break;
    case 'boolean':
      apply(IsBoolean({ message: `${f.name} phải là true/false / must be a boolean` }));
      break;
    case 'enum':
      apply(IsIn([...(f.values ?? [])], { message: `${f.name} phải là một trong / must be one of: ${(f.values ?? []).join(', ')}` }));
      break;
    case 'object': {
      const nested = buildClass(f.fields ?? [], `${path}.${f.name}`);
      apply(IsObject({ message: `${f.name} phải là đối tượng / must be an object` }));
      apply(ValidateNested());
      apply(Type(() => nested));
      break;
    }
    case 'array': {
      apply(IsArray({ message: `${f.name} phải là danh sách / must be an array` }));
      apply(ArrayMaxSize(f.maxItems ?? 50));
      if (f.fields) {
        const nested = buildClass(f.fields, `${path}.${f.name}[]`);
        apply(ValidateNested({ each: true }));
        apply(Type(() => nested));
      } else if (f.items?.type === 'string') {
        apply(IsString({ each: true }));
        apply(MaxLength(f.items.maxLength ?? 200, { each: true }));
      } else if (f.items?.type === 'enum') {
        apply(IsIn([...(f.items.values ?? [])], { each: true }));
      }
      break;
    }
  }
}

function buildClass(fields: readonly FieldSpec[], name: string): Ctor {
  const cls = class {};
  Object.defineProperty(cls, 'name', { value: name.replace(/[^A-Za-z0-9]/g, '_') });
  for (const f of fields) decorate(cls.prototype, f, name);
  return cls;
}

const DTOS = new Map<string, Ctor>(
  Object.values(EVENT_SCHEMAS).map((spec: EventSpec) => {
    const cls = buildClass(spec.fields, `Event_${spec.type}`);
    IsIn([spec.type])(cls.prototype, 'type');
    return [spec.type, cls];
  }),
);

export interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    return [...(e.constraints ? [{ field, messages: Object.values(e.constraints) }] : []), ...flatten(e.children ?? [], field)];
  });
}

/** Validate a raw command body; returns the typed event or the field errors (400). */
export function validateEventBody(body: unknown): { ok: true; event: { type: string } & Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '', messages: ['Nội dung phải là một đối tượng JSON / the body must be a JSON object'] }] };
  }
  const type = (body as { type?: unknown }).type;
  const dto = typeof type === 'string' ? DTOS.get(type) : undefined;
  if (!dto) {
    return {
      ok: false,
      errors: [{ field: 'type', messages: ['Loại sự kiện không có trong quy trình; xem GET /api/v1/procedure/events / unknown event type; see GET /api/v1/procedure/events'] }],
    };
  }
  let errors: ValidationError[];
  let instance: object;
  try {
    instance = plainToInstance(dto, body, { enableImplicitConversion: false });
    errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  } catch {
    // A validator library that throws on an odd value: still the input's fault (400, never 500).
    return { ok: false, errors: [{ field: '', messages: ['Không kiểm tra được nội dung / the body could not be validated'] }] };
  }
  if (errors.length) return { ok: false, errors: flatten(errors) };
  // Figures of the act that contradict each other (a vote's for/against over eligible): field errors too.
  const figures = figureIssues(body);
  if (figures.length) return { ok: false, errors: figures.map((i) => ({ field: i.path, messages: [`${i.vi} / ${i.en}`] })) };
  return { ok: true, event: JSON.parse(JSON.stringify(instance)) as { type: string } & Record<string, unknown> };
}

/** JSON Schema of one event's payload, for the OpenAPI document. */
export function eventJsonSchema(spec: EventSpec): Record<string, unknown> {
  return {
    type: 'object',
    title: spec.type,
    description: `${spec.vi} / ${spec.en}`,
    required: ['type', ...spec.fields.filter((f) => f.required).map((f) => f.name)],
    additionalProperties: false,
    properties: { type: { type: 'string', enum: [spec.type] }, ...Object.fromEntries(spec.fields.map((f) => [f.name, fieldSchema(f)])) },
  };
}

function fieldSchema(f: FieldSpec | (Omit<FieldSpec, 'name' | 'required' | 'vi' | 'en'> & { vi?: string; en?: string })): Record<string, unknown> {
  const description = f.vi ? `${f.vi} / ${f.en}` : undefined;
  switch (f.type) {
    case 'date':
      return { type: 'string', format: 'date', description };
    case 'string':
      return { type: 'string', maxLength: f.maxLength, description };
    case 'integer':
      return { type: 'integer', minimum: f.min ?? 0, description };
    case 'boolean':
      return { type: 'boolean', description };
    case 'enum':
      return { type: 'string', enum: f.values, description };
    case 'object':
      return {
        type: 'object',
        description,
        additionalProperties: false,
        required: (f.fields ?? []).filter((x) => x.required).map((x) => x.name),
        properties: Object.fromEntries((f.fields ?? []).map((x) => [x.name, fieldSchema(x)])),
      };
    case 'array':
      return {
        type: 'array',
        maxItems: f.maxItems,
        description,
        items: f.fields
          ? { type: 'object', properties: Object.fromEntries(f.fields.map((x) => [x.name, fieldSchema(x)])), required: f.fields.filter((x) => x.required).map((x) => x.name) }
          : f.items
            ? fieldSchema(f.items)
            : {},
      };
  }
}
