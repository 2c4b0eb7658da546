// NestJS 11 on Express: a guard runs the Express middleware on the routes that call HMRC, so the
// set follows the `trust proxy` of Nest's Express instance (Gov-Client-Public-IP is always
// req.ip's address), and refuses a call without the client's public address. Each decorator is
// applied as a plain call, so this runs without decorator support in the compiler; with it, write
// @Controller('api'), @Post('returns'), @UseGuards(...) and @Req() as usual.
// Run: node --import tsx examples/nestjs.ts
import 'reflect-metadata';
import { createFphMiddleware, type FphMiddlewareOptions } from '@fph-kit/server/express';
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  HttpCode,
  HttpStatus,
  Module,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, RequestHandler, Response } from 'express';

/** Gives `req.fph` (the Express middleware, run as a guard); no client public IP, no HMRC call. */
export class FphGuard implements CanActivate {
  private readonly fph: RequestHandler;
  constructor(options: FphMiddlewareOptions) {
    this.fph = createFphMiddleware(options);
  }

  canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    return new Promise((resolve) => {
      this.fph(req, http.getResponse<Response>(), () =>
        resolve(!req.fph.problems.some((p) => p.code === 'PUBLIC_IP_UNAVAILABLE')),
      );
    });
  }
}

export class ReturnsController {
  submit(req: Request) {
    // The call to HMRC: await fetch(url, req.fph.fetchInit({ method: 'POST', headers, body }))
    return { headers: req.fph.headers(), problems: req.fph.problems };
  }
}
const fphGuard = new FphGuard({
  connectionMethod: 'WEB_APP_VIA_SERVER',
  productName: 'Acme Tax',
  versions: { 'acme-api': '3.8.0' },
  licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
  vendorPublicIp: '52.56.10.20',
  clientVersions: ['acme-web'],
});
const submit = Object.getOwnPropertyDescriptor(ReturnsController.prototype, 'submit')!;
Controller('api')(ReturnsController);
Post('returns')(ReturnsController.prototype, 'submit', submit);
HttpCode(HttpStatus.OK)(ReturnsController.prototype, 'submit', submit);
UseGuards(fphGuard)(ReturnsController.prototype, 'submit', submit);
Req()(ReturnsController.prototype, 'submit', 0);

export class AppModule {}
Module({ controllers: [ReturnsController] })(AppModule);

export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  app.set('trust proxy', 'loopback'); // the addresses your load balancer connects from
  return app;
}

if (process.argv[1] === import.meta.filename) {
  const app = await createApp();
  await app.listen(Number(process.env.PORT ?? 3000));
  console.log(`listening on ${await app.getUrl()}`);
}
