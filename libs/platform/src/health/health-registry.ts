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

  register(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  entries(): [string, ReadinessProbe][] {
    return [...this.probes.entries()];
  }

  /** Once set, readiness fails so that load balancers stop sending work. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
