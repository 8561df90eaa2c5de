import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec, generateKey } from '../../src/temporal/codec';

describe('AES-256-GCM payload codec', () => {
  const old = generateKey('k1');
  const current = generateKey('k2');
  const payload = defaultPayloadConverter.toPayload({ child: 'Zlata Kovalenko', birthDate: '2015-04-17' });

  it('round-trips a payload and hides its content', async () => {
    const codec = new AesGcmCodec([current], 'k2');
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('Zlata');
    expect(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({
      child: 'Zlata Kovalenko',
      birthDate: '2015-04-17',
    });
  });

  it('decodes payloads written under an older key after rotation', async () => {
    const [underOld] = await new AesGcmCodec([old], 'k1').encode([payload]);
    const rotated = new AesGcmCodec([old, current], 'k2');
    const [decoded] = await rotated.decode([underOld!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toMatchObject({ child: 'Zlata Kovalenko' });
    const [fresh] = await rotated.encode([payload]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
  });

  it('fails with a clear error on an unknown key ID', async () => {
    const [underOld] = await new AesGcmCodec([old], 'k1').encode([payload]);
    const withoutOld = new AesGcmCodec([current], 'k2');
    await expect(withoutOld.decode([underOld!])).rejects.toThrow(ApplicationFailure);
    await expect(withoutOld.decode([underOld!])).rejects.toThrow(/key "k1", which is not configured/);
  });

  it('rejects a tampered payload', async () => {
    const codec = new AesGcmCodec([current], 'k2');
    const [encoded] = await codec.encode([payload]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
  });

  it('passes unencrypted payloads through', async () => {
    const codec = new AesGcmCodec([current], 'k2');
    await expect(codec.decode([payload])).resolves.toEqual([payload]);
  });

  it('refuses a current key that is not configured', () => {
    expect(() => new AesGcmCodec([old], 'k9')).toThrow(/"k9" is not configured/);
  });
});
