import { Injectable } from '@nestjs/common';

/**
 * A readiness probe resolves (optionally with details) when its dependency answers and
 * rejects when it does not. Probes must be cheap: they run on every readiness check.
 */
export type ReadinessProbe = () => Promise<Record<string, unknown> | void>;

/** Where each module that holds a connection registers the probe for it. */
@Injectable()
export class HealthRegistry {
  private readonly probes = new Map<string, ReadinessProbe>();
  private shuttingDown = false;
  private started = false;

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  entries(): [string, ReadinessProbe][] {
    return [...this.probes.entries()];
  }

  /**
   * Called by the bootstrap once the app has finished starting (every lifecycle hook has run
   * and its transports listen). Until then readiness fails, even if the probes registered so
   * far answer: a probe registered late in boot must not be missed.
   */
  markStarted(): void {
    this.started = true;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Once set, readiness fails so that load balancers stop sending work. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
