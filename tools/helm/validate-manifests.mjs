#!/usr/bin/env node
// Validates rendered Kubernetes manifests against the Kubernetes OpenAPI schemas with
// kubernetes-models (ESM only, hence a script rather than a Jest module). Reads multi-document
// YAML from a file or stdin, prints one JSON result per document and exits 1 when any document
// is invalid or of a kind this validator does not know (an unknown kind is never waved through).
//   node tools/helm/validate-manifests.mjs rendered.yaml
//   tools/helm/render.sh template -f values.yaml | node tools/helm/validate-manifests.mjs
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** The model class of an apiVersion and kind, e.g. apps/v1 Deployment, or undefined. */
async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[a-z0-9.]*\/?v\d+\w*$/.test(apiVersion)) return undefined;
  try {
    const models = await import(`kubernetes-models/${apiVersion}`);
    return typeof models[kind] === 'function' ? models[kind] : undefined;
  } catch {
    return undefined;
  }
}

async function validate(document, index) {
  if (document.errors.length > 0) return { index, valid: false, errors: document.errors.map((error) => error.message) };
  const object = document.toJS();
  const { apiVersion, kind, metadata } = object ?? {};
  const result = { index, apiVersion, kind, name: metadata?.name, valid: false };
  const Model = await modelOf(apiVersion, kind);
  if (!Model) return { ...result, errors: [`unknown kind ${kind} of apiVersion ${apiVersion}`] };
  try {
    new Model(object).validate();
    return { ...result, valid: true, errors: [] };
  } catch (error) {
    return { ...result, errors: [error instanceof Error ? error.message : String(error)] };
  }
}

const input = readFileSync(process.argv[2] ?? 0, 'utf8');
const documents = parseAllDocuments(input).filter((document) => document.contents !== null);
const results = await Promise.all(documents.map(validate));
console.log(JSON.stringify(results, null, 2));
process.exitCode = results.length > 0 && results.every((result) => result.valid) ? 0 : 1;
