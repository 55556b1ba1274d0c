/** The parts of rendered Kubernetes objects the chart checks read (the schemas check the rest). */
export type Labels = Record<string, string>;

export interface LabelSelector {
  matchLabels?: Labels;
}

export interface Probe {
  httpGet?: { path?: string; port?: string | number };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } };
}

export interface Container {
  name: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}

export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: { port?: string | number; protocol?: string }[];
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels; annotations?: Record<string, string> };
  automountServiceAccountToken?: boolean;
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    /** A LabelSelector, or a plain label map for a Service. */
    selector?: LabelSelector & Labels;
    template?: { metadata?: { labels?: Labels }; spec: PodSpec };
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { type: string; resource?: { name: string }; external?: { metric: { name: string; selector?: LabelSelector } } }[];
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
    ports?: { name?: string; port: number; targetPort?: string | number }[];
  };
}

export function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((manifest) => manifest.kind === kind);
}

export function named(manifests: Manifest[], kind: string, name: string): Manifest | undefined {
  return manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
}

/** True when every matchLabels entry of the selector is on the labels (an empty selector matches all). */
export function selects(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false;
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels?.[key] === value);
}

export function podLabels(workload: Manifest): Labels {
  return workload.spec?.template?.metadata?.labels ?? {};
}

/** The Deployment whose pods carry app.kubernetes.io/component=<component>. */
export function workloadOf(manifests: Manifest[], kind: 'Deployment' | 'Job', component: string): Manifest | undefined {
  return ofKind(manifests, kind).find((workload) => podLabels(workload)['app.kubernetes.io/component'] === component);
}

export function podSpecOf(workload: Manifest): PodSpec {
  return workload.spec?.template?.spec ?? { containers: [] };
}

/** The chart's component label of a workload's pods: the service or job name. */
export function componentOf(workload: Manifest): string {
  return podLabels(workload)['app.kubernetes.io/component'] ?? workload.metadata.name;
}
