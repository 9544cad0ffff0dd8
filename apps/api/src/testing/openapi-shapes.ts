/**
 * Checks a real JSON answer against the schema the OpenAPI document gives it (issue 13), so that a
 * response DTO that drifts from what the service returns fails a test: a field answered but not
 * documented, a documented required field missing, a wrong type, a value outside its enum. Only the
 * schema forms @nestjs/swagger writes ($ref, allOf, nullable, properties, items, additionalProperties, enum).
 */
export interface OpenApiSchema {
  $ref?: string;
  allOf?: OpenApiSchema[];
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: boolean | OpenApiSchema;
}

export interface OpenApiComponents {
  components: { schemas: Record<string, OpenApiSchema> };
}

export function shapeProblems(document: OpenApiComponents, schema: OpenApiSchema, value: unknown, at = '$'): string[] {
  if (schema.$ref) return shapeProblems(document, document.components.schemas[schema.$ref.replace('#/components/schemas/', '')], value, at);
  if (value === null) return schema.nullable ? [] : [`${at}: null, not documented as nullable`];
  const problems = (schema.allOf ?? []).flatMap((part) => shapeProblems(document, part, value, at));
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case 'array':
      if (!Array.isArray(value)) return [...problems, `${at}: not an array`];
      return [...problems, ...value.flatMap((item, index) => (schema.items ? shapeProblems(document, schema.items, item, `${at}[${index}]`) : []))];
    case 'object':
    case undefined: {
      if (schema.type === undefined && !schema.properties && !schema.additionalProperties) return problems;
      if (typeof value !== 'object' || Array.isArray(value)) return [...problems, `${at}: not an object`];
      const fields = value as Record<string, unknown>;
      for (const name of schema.required ?? []) if (!(name in fields)) problems.push(`${at}.${name}: documented as required, missing`);
      for (const [name, field] of Object.entries(fields)) {
        const documented = schema.properties?.[name];
        if (documented) problems.push(...shapeProblems(document, documented, field, `${at}.${name}`));
        else if (typeof schema.additionalProperties === 'object') problems.push(...shapeProblems(document, schema.additionalProperties, field, `${at}.${name}`));
        else if (!schema.additionalProperties && !inAllOf(document, schema, name)) problems.push(`${at}.${name}: answered, not documented`);
      }
      return problems;
    }
    case 'integer':
    case 'number':
      return typeof value === 'number' ? problems : [...problems, `${at}: not a number`];
    default:
      return typeof value === schema.type ? problems : [...problems, `${at}: not a ${schema.type}`];
  }
}

/** A field documented by a part of allOf (nullable nested objects are `{ type: object, allOf: [$ref] }`). */
function inAllOf(document: OpenApiComponents, schema: OpenApiSchema, name: string): boolean {
  return (schema.allOf ?? []).some((part) => {
    const resolved = part.$ref ? document.components.schemas[part.$ref.replace('#/components/schemas/', '')] : part;
    return Boolean(resolved.properties?.[name]) || inAllOf(document, resolved, name);
  });
}
