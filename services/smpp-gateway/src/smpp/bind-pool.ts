export interface PoolMember {
  readonly isBound: boolean;
}

/** The binds of one connector; `next()` rotates over those currently bound. */
export class BindPool<T extends PoolMember> {
  private cursor = 0;

  constructor(readonly members: readonly T[]) {}

  get boundCount(): number {
    return this.members.filter((m) => m.isBound).length;
  }

  /** The next bound member after the previous pick, or undefined when none is bound. */
  next(): T | undefined {
    for (let i = 0; i < this.members.length; i += 1) {
      const member = this.members[(this.cursor + i) % this.members.length];
      if (member?.isBound) {
        this.cursor = (this.cursor + i + 1) % this.members.length;
        return member;
      }
    }
    return undefined;
  }
}
