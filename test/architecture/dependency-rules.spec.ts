import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';

// The project's own rules (.dependency-cruiser.cjs), run over code that breaks them on purpose
// (test/fixtures/depcruise): each layering rule must fail there, once, by name.
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const FIXTURES = 'test/fixtures/depcruise';

const violationsOf = async (): Promise<{ rule: string; from: string; to: string }[]> => {
  const { output } = await cruise([FIXTURES], {
    ...config.options,
    // The config keeps the fixtures out of the normal run; here they are the subject.
    exclude: {
      path: (config.options?.exclude as { path: string[] }).path.filter(
        (p) => !p.includes('depcruise'),
      ),
    },
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  return (output as ICruiseResult).summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
  }));
};

describe('dependency rules inside an app', () => {
  it('refuse a controller that imports TypeORM and a use case that imports a transport, each once', async () => {
    const violations = await violationsOf();
    expect(violations).toEqual(
      expect.arrayContaining([
        {
          rule: 'controller-no-sql',
          from: `${FIXTURES}/orders/orders.http.controller.ts`,
          to: expect.stringMatching(/^node_modules\/typeorm\//),
        },
        {
          rule: 'use-case-no-transport',
          from: `${FIXTURES}/orders/place-order/place-order.use-case.ts`,
          to: expect.stringMatching(/^node_modules\/@nestjs\/microservices\//),
        },
      ]),
    );
    // Nothing else: the repository's SQL and the use case's TypeORM import are allowed.
    expect(violations.map((v) => v.rule).sort()).toEqual([
      'controller-no-sql',
      'use-case-no-transport',
    ]);
  });

  it('keep the fixtures out of the normal lint run', () => {
    const exclude = (config.options?.exclude as { path: string[] }).path;
    expect(
      exclude.some((p) => new RegExp(p).test(`${FIXTURES}/orders/orders.http.controller.ts`)),
    ).toBe(true);
  });
});
