/**
 * Finds sustained efforts in a stream of intervals, with hysteresis: a block starts when the signal enters
 * the effort range and ends only after `closeAfterS` below the exit level, so a brief dip (a turn, a
 * traffic light) does not split one effort in two. Pauses count as time below.
 * One instance per run and signal: the per-sample calls allocate nothing.
 */
export class EffortBlocks {
  count = 0;
  longestS = 0;
  /** Most time actually in the effort range within one block (the hysteresis band excluded). */
  longestCoreS = 0;
  private inBlock = false;
  private blockS = 0;
  private coreS = 0;
  private dipMovingS = 0;
  private dipS = 0;

  constructor(
    private readonly minBlockS: number,
    private readonly closeAfterS: number,
  ) {}

  add(dt: number, entering: boolean, below: boolean): void {
    if (!this.inBlock) {
      if (entering) {
        this.inBlock = true;
        this.blockS = dt;
        this.coreS = dt;
        this.dipS = 0;
        this.dipMovingS = 0;
      }
      return;
    }
    if (entering) this.coreS += dt;
    if (below) {
      this.dipS += dt;
      this.dipMovingS += dt;
      if (this.dipS >= this.closeAfterS) this.close();
    } else {
      this.blockS += this.dipMovingS + dt;
      this.dipS = 0;
      this.dipMovingS = 0;
    }
  }

  pause(dt: number): void {
    if (!this.inBlock) return;
    this.dipS += dt;
    if (this.dipS >= this.closeAfterS) this.close();
  }

  finish(): void {
    if (this.inBlock) this.close();
  }

  private close(): void {
    if (this.blockS >= this.minBlockS) this.count++;
    if (this.blockS > this.longestS) this.longestS = this.blockS;
    if (this.coreS > this.longestCoreS) this.longestCoreS = this.coreS;
    this.inBlock = false;
    this.blockS = 0;
    this.coreS = 0;
    this.dipS = 0;
    this.dipMovingS = 0;
  }
}
