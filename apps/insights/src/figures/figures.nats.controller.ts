import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  INSIGHTS_DASHBOARD_GET,
  INSIGHTS_OPEN_DATA_GET,
  OpenDataRequest,
  type RpcReply,
} from '#contracts';
import { ReadDashboard } from './read-dashboard/read-dashboard.use-case.js';
import { ReadOpenData } from './read-open-data/read-open-data.use-case.js';

/** The public figures over NATS: the request class from RPC_MAP to its use case. */
@Controller()
export class FiguresNatsController {
  constructor(
    private readonly dashboard: ReadDashboard,
    private readonly openData: ReadOpenData,
  ) {}

  @MessagePattern(INSIGHTS_DASHBOARD_GET)
  readDashboard(): Promise<RpcReply<typeof INSIGHTS_DASHBOARD_GET>> {
    return this.dashboard.execute();
  }

  @MessagePattern(INSIGHTS_OPEN_DATA_GET)
  readOpenData(
    @Payload() request: OpenDataRequest,
  ): Promise<RpcReply<typeof INSIGHTS_OPEN_DATA_GET>> {
    return this.openData.execute(request);
  }
}
