/** One dependency a service really uses; check() throws when it is not usable. */
export interface DependencyCheck {
  readonly name: string;
  /**
   * The service keeps working without it, degraded (a cache, say): readiness stays 200 and
   * reports the dependency as `degraded` instead of taking the pod out of the load balancer.
   */
  readonly optional?: boolean;
  check(): Promise<void>;
}
