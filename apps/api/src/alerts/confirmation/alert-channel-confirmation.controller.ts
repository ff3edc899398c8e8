import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AlertChannelConfirmations } from '@app/alerts/channels/email-confirmation';
import { Public } from '@app/platform/http/public.decorator';
import { confirmedPage, confirmPage, invalidLinkPage } from './confirmation-page';

/**
 * The link of an EMAIL channel's confirmation e-mail (ALERT_CHANNEL_CONFIRM_PATH). Public: the
 * token is the proof, and whoever opens their mail is often not signed in. GET shows a button and
 * changes nothing (scanners fetch links); the button's POST confirms.
 */
@Controller('alert-channels')
@Public()
export class AlertChannelConfirmationController {
  constructor(private readonly confirmations: AlertChannelConfirmations) {}

  @Get('confirm')
  async show(@Query('token') token: unknown, @Res() response: Response): Promise<void> {
    const pending = typeof token === 'string' ? await this.confirmations.pending(token) : null;
    if (!pending) return send(response, 404, invalidLinkPage());
    send(response, 200, confirmPage(token as string, pending.address, pending.expiresAt));
  }

  @Post('confirm')
  async confirm(@Body() body: unknown, @Res() response: Response): Promise<void> {
    const token = (body as { token?: unknown } | undefined)?.token;
    const address = typeof token === 'string' ? await this.confirmations.confirm(token) : null;
    if (!address) return send(response, 404, invalidLinkPage());
    send(response, 200, confirmedPage(address));
  }
}

function send(response: Response, status: number, html: string): void {
  response.setHeader('Cache-Control', 'no-store');
  response.type('text/html; charset=utf-8').status(status).send(html);
}
