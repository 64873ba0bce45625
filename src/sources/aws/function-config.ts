/**
 * Reads a function's configuration with GetFunctionConfiguration and keeps only what the
 * analysis needs. Of the environment variables only GOGC, GOMEMLIMIT and GOMAXPROCS are
 * copied, because the others may hold secrets.
 */

import { GetFunctionConfigurationCommand, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';

import type { FunctionConfigurationFacts } from '../../analysis/observations.js';
import { UsageError } from '../../errors.js';
import { toAwsCallError, type AwsCallContext } from './errors.js';

/** A function as the user named it: a name, a partial ARN or a full ARN, with an optional qualifier. */
export interface FunctionReference {
  /** The text given on the command line, for messages. */
  given: string;
  /** The name or ARN without a qualifier, as GetFunctionConfiguration accepts it. */
  functionName: string;
  qualifier?: string;
  /** The region of a full ARN. */
  region?: string;
}

/** Configuration facts of one function that the live path uses, in the project's own types. */
export interface LiveFunctionConfiguration {
  facts: FunctionConfigurationFacts;
  /** The plain function name, for metric dimensions and the default log group. */
  functionName: string;
  /** The published version the qualifier resolves to (`$LATEST` without one). */
  version: string;
  qualifier?: string;
  /** Whether the Lambda Insights extension layer is attached. */
  hasLambdaInsights: boolean;
  ephemeralStorageMb?: number;
  /** LastModified as epoch ms. */
  lastModifiedMs?: number;
}

const GO_VARIABLES = ['GOGC', 'GOMEMLIMIT', 'GOMAXPROCS'] as const;

/** The Lambda Insights extension is published as a layer named LambdaInsightsExtension (or -Arm64). */
const LAMBDA_INSIGHTS_LAYER = /:layer:LambdaInsightsExtension(-Arm64)?:/;

/**
 * Matches `arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]` (any partition)
 * and the partial forms `123456789012:function:name[:qualifier]` and `name:qualifier`.
 */
const FULL_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const NAME = /^([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$/;

/**
 * Parses a function name or ARN. A qualifier in the ARN and `--qualifier` must agree.
 * Throws `UsageError` for anything Lambda would reject as a function name.
 */
export function parseFunctionReference(given: string, qualifierOption?: string): FunctionReference {
  const full = FULL_ARN.exec(given);
  const partial = full === null ? PARTIAL_ARN.exec(given) : null;
  const name = full === null && partial === null ? NAME.exec(given) : null;

  let reference: FunctionReference;
  let qualifier: string | undefined;
  if (full !== null) {
    reference = { given, functionName: `arn:${full[1]}:lambda:${full[2]}:${full[3]}:function:${full[4]}`, region: full[2]! };
    qualifier = full[5];
  } else if (partial !== null) {
    reference = { given, functionName: `${partial[1]}:function:${partial[2]}` };
    qualifier = partial[3];
  } else if (name !== null) {
    reference = { given, functionName: name[1]! };
    qualifier = name[2];
  } else {
    throw new UsageError(
      `invalid function name "${given}": give a name such as orders-api, a partial ARN such as 123456789012:function:orders-api, or a full ARN.`,
    );
  }

  if (qualifier !== undefined && qualifierOption !== undefined && qualifier !== qualifierOption) {
    throw new UsageError(`${given} names qualifier ${qualifier} but --qualifier is ${qualifierOption}; give one of them.`);
  }
  const chosen = qualifier ?? qualifierOption;
  return chosen === undefined ? reference : { ...reference, qualifier: chosen };
}

/** Calls GetFunctionConfiguration and maps the output to `LiveFunctionConfiguration`. */
export async function getFunctionConfiguration(
  lambda: LambdaClient,
  reference: FunctionReference,
  context: Omit<AwsCallContext, 'operation' | 'iamAction' | 'functionName'>,
): Promise<LiveFunctionConfiguration> {
  try {
    const output = await lambda.send(
      new GetFunctionConfigurationCommand({
        FunctionName: reference.functionName,
        ...(reference.qualifier !== undefined ? { Qualifier: reference.qualifier } : {}),
      }),
    );
    return toLiveConfiguration(output, reference, context.region);
  } catch (error) {
    throw toAwsCallError(error, {
      ...context,
      operation: 'GetFunctionConfiguration',
      iamAction: 'lambda:GetFunctionConfiguration',
      functionName: reference.given,
    });
  }
}

/** Maps the GetFunctionConfiguration output. Pure, so it is tested on a real output. */
export function toLiveConfiguration(
  output: FunctionConfiguration,
  reference: FunctionReference,
  region: string,
): LiveFunctionConfiguration {
  const functionName = output.FunctionName ?? reference.functionName;
  const facts: FunctionConfigurationFacts = { functionName, region };

  if (output.MemorySize !== undefined) facts.memorySizeMb = output.MemorySize;
  if (output.Timeout !== undefined) facts.timeoutSeconds = output.Timeout;
  const architecture = output.Architectures?.[0];
  if (architecture !== undefined) facts.architecture = architecture;
  if (output.Runtime !== undefined) facts.runtime = output.Runtime;
  if (output.PackageType !== undefined) facts.packageType = output.PackageType;
  if (output.LastModified !== undefined) facts.lastModified = output.LastModified;
  if (output.SnapStart?.ApplyOn !== undefined) facts.snapStart = output.SnapStart.ApplyOn !== 'None';
  if (output.CapacityProviderConfig !== undefined) facts.managedInstances = true;

  const logging = output.LoggingConfig;
  facts.logFormat = logging?.LogFormat ?? 'Text';
  facts.logGroup = logging?.LogGroup ?? `/aws/lambda/${functionName}`;
  if (logging?.SystemLogLevel !== undefined) facts.systemLogLevel = logging.SystemLogLevel;

  const goEnvironment = pickGoVariables(output.Environment?.Variables);
  if (goEnvironment !== undefined) facts.goEnvironment = goEnvironment;

  const configuration: LiveFunctionConfiguration = {
    facts,
    functionName,
    version: output.Version ?? '$LATEST',
    hasLambdaInsights: (output.Layers ?? []).some((layer) => LAMBDA_INSIGHTS_LAYER.test(layer.Arn ?? '')),
  };
  if (reference.qualifier !== undefined) configuration.qualifier = reference.qualifier;
  if (output.EphemeralStorage?.Size !== undefined) configuration.ephemeralStorageMb = output.EphemeralStorage.Size;
  const lastModifiedMs = parseLambdaTimestamp(output.LastModified);
  if (lastModifiedMs !== undefined) configuration.lastModifiedMs = lastModifiedMs;
  return configuration;
}

/** Copies GOGC, GOMEMLIMIT and GOMAXPROCS and nothing else. */
export function pickGoVariables(variables: Record<string, string> | undefined): FunctionConfigurationFacts['goEnvironment'] {
  if (variables === undefined) return undefined;
  const picked: NonNullable<FunctionConfigurationFacts['goEnvironment']> = {};
  for (const key of GO_VARIABLES) {
    const value = variables[key];
    if (value !== undefined) picked[key] = value;
  }
  return Object.keys(picked).length === 0 ? undefined : picked;
}

/** Parses Lambda's `2023-02-26T02:41:49.878+0000` (an offset without a colon). */
export function parseLambdaTimestamp(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : ms;
}
