/** One dependency a service really uses; check() throws when it is not usable. */
export interface DependencyCheck {
  readonly name: string;
  check(): Promise<void>;
}
