// Validates every document of the given Kubernetes YAML files against the API's schemas
// (kubernetes-models: types, required fields, enums). It does not refuse unknown fields.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const modules = {
  "v1/ServiceAccount": "v1/ServiceAccount",
  "v1/Service": "v1/Service",
  "v1/Secret": "v1/Secret",
  "apps/v1/Deployment": "apps/v1/Deployment",
  "policy/v1/PodDisruptionBudget": "policy/v1/PodDisruptionBudget",
  "rbac.authorization.k8s.io/v1/Role": "rbac.authorization.k8s.io/v1/Role",
  "rbac.authorization.k8s.io/v1/RoleBinding": "rbac.authorization.k8s.io/v1/RoleBinding",
};

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length) {
      console.error(`${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      failures++;
      continue;
    }
    const obj = doc.toJS();
    if (!obj) continue;
    const key = `${obj.apiVersion}/${obj.kind}`;
    const name = `${file}: ${key} ${obj.metadata?.name}`;
    if (!modules[key]) {
      console.error(`${name}: no schema known for this kind`);
      failures++;
      continue;
    }
    const mod = await import(`kubernetes-models/${modules[key]}`);
    const Model = mod[obj.kind];
    try {
      new Model(obj).validate();
      checked++;
    } catch (e) {
      console.error(`${name}: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${checked} Kubernetes objects valid, ${failures} failed`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
