/**
 * Finds the functions of a fleet audit: configurations from the ListFunctions pages (50
 * functions per call) and, for `--tag`, the tagged function ARNs from the Resource Groups
 * Tagging API's GetResources (100 per call). No call per function.
 */

import { paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';

import type { AwsClients, AwsClientSettings } from './clients.js';
import { callLogMiddleware, clientConfig } from './clients.js';
import { toAwsCallError } from './errors.js';
import { toLiveConfiguration, type LiveFunctionConfiguration } from './function-config.js';

/** Selection of the functions a fleet audit covers. */
export interface FleetSelection {
  /** Every function of the region (`--all`). */
  all: boolean;
  /** Function names or ARNs given on the command line. */
  names: string[];
  /** Name prefixes (`--prefix`). */
  prefixes: string[];
  /** Tags every selected function must carry (`--tag key=value`). */
  tags: { key: string; value: string }[];
  /** Globs of names to leave out (`--exclude`), where `*` matches any run and `?` one character. */
  excludes: string[];
}

export interface FleetDiscovery {
  functions: LiveFunctionConfiguration[];
  /** Names given on the command line that ListFunctions did not return. */
  missing: string[];
  /** ListFunctions pages read. */
  listPages: number;
}

/** ListFunctions returns at most 50 functions per page (MaxItems documentation in @aws-sdk/client-lambda 3.1178). */
export const LIST_FUNCTIONS_PAGE_SIZE = 50;

/** GetResources returns at most 100 resources per page (ResourcesPerPage documentation in the client, 3.1142). */
const TAGGED_RESOURCES_PAGE_SIZE = 100;

/** Lists the region's functions and keeps the selected ones, in ListFunctions order. */
export async function discoverFleet(clients: AwsClients, settings: AwsClientSettings, selection: FleetSelection): Promise<FleetDiscovery> {
  const context = {
    functionName: 'the function list',
    region: clients.region,
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
    ...timeoutContext(settings),
  };
  const taggedNames = selection.tags.length === 0 ? undefined : await readTaggedFunctionNames(clients.region, settings, selection.tags);

  const configurations: FunctionConfiguration[] = [];
  let listPages = 0;
  try {
    for await (const page of paginateListFunctions({ client: clients.lambda, pageSize: LIST_FUNCTIONS_PAGE_SIZE }, {})) {
      listPages++;
      configurations.push(...(page.Functions ?? []));
    }
  } catch (error) {
    throw toAwsCallError(error, { ...context, operation: 'ListFunctions', iamAction: 'lambda:ListFunctions' });
  }

  const wanted = new Set(selection.names.map(plainFunctionName));
  const excludes = selection.excludes.map(globToRegExp);
  const found = new Set<string>();
  const functions: LiveFunctionConfiguration[] = [];
  for (const output of configurations) {
    const name = output.FunctionName;
    if (name === undefined) continue;
    found.add(name);
    const named = wanted.has(name);
    const prefixed = selection.prefixes.some((prefix) => name.startsWith(prefix));
    const chosen = named || prefixed || selection.all || (wanted.size === 0 && selection.prefixes.length === 0);
    if (!chosen) continue;
    if (taggedNames !== undefined && !taggedNames.has(name)) continue;
    if (excludes.some((pattern) => pattern.test(name))) continue;
    functions.push(toLiveConfiguration(output, { given: name, functionName: name }, clients.region));
  }
  const missing = [...wanted].filter((name) => !found.has(name));
  return { functions, missing, listPages };
}

/** Returns the name part of a name, partial ARN or full ARN, without a qualifier. */
export function plainFunctionName(given: string): string {
  const afterFunction = given.includes(':function:') ? given.slice(given.indexOf(':function:') + ':function:'.length) : given;
  return afterFunction.split(':')[0] ?? afterFunction;
}

/** Converts a name glob to an anchored regular expression: `*` is any run, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  const pattern = [...glob]
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${pattern}$`, 's');
}

/**
 * Returns the names of the functions that carry every tag. GetResources ANDs its tag
 * filters, so one paginated listing covers all of them. The client is imported here only,
 * so runs without `--tag` never load it.
 */
async function readTaggedFunctionNames(region: string, settings: AwsClientSettings, tags: FleetSelection['tags']): Promise<Set<string>> {
  const { ResourceGroupsTaggingAPIClient, paginateGetResources } = await import('@aws-sdk/client-resource-groups-tagging-api');
  // The same attempt limit, retry mode and per-attempt timeout as the other clients of the run.
  const client = new ResourceGroupsTaggingAPIClient({ ...clientConfig(settings), region });
  if (settings.callLog !== undefined) {
    client.middlewareStack.add(callLogMiddleware('ResourceGroupsTaggingAPI', settings.callLog), {
      step: 'initialize',
      name: 'lambdaMemoryAdvisorCallLog',
      override: true,
    });
  }

  const names = new Set<string>();
  try {
    const pages = paginateGetResources(
      { client, pageSize: TAGGED_RESOURCES_PAGE_SIZE },
      { ResourceTypeFilters: ['lambda:function'], TagFilters: tags.map((tag) => ({ Key: tag.key, Values: [tag.value] })) },
    );
    for await (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN !== undefined) names.add(plainFunctionName(mapping.ResourceARN));
      }
    }
  } catch (error) {
    throw toAwsCallError(error, {
      functionName: 'the tagged functions',
      region,
      ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
      ...timeoutContext(settings),
      operation: 'GetResources',
      iamAction: 'tag:GetResources',
    });
  } finally {
    client.destroy();
  }
  return names;
}

/** Returns the per-attempt limit for timeout messages, so they name the value to raise. */
function timeoutContext(settings: AwsClientSettings): { timeoutSeconds?: number } {
  return settings.callTimeoutMs === undefined ? {} : { timeoutSeconds: settings.callTimeoutMs / 1000 };
}
