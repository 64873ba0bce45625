import { Ajv2020 } from 'ajv/dist/2020.js';

import { REPORT_SCHEMA } from '../../src/report/schema.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(REPORT_SCHEMA);

/** Returns the schema errors of a JSON document as readable lines; empty when it is valid. */
export function schemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
