import type { NormalisedPhone } from '../../src';
import type { Vector } from './vector';

/** normalisePhone: what Alipay's `mobile` looks like, and what a backend needs from it. */
export const NORMALISE_VECTORS: readonly Vector<string, NormalisedPhone>[] = [
  {
    title: 'a bare mainland mobile',
    input: '13811112222',
    output: { mobile: '13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', region: 'CN', valid: true, masked: '138****2222' },
  },
  {
    title: 'a bare mainland mobile with surrounding whitespace',
    input: ' 13811112222\n',
    output: { mobile: '13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', region: 'CN', valid: true, masked: '138****2222' },
  },
  {
    title: 'a mainland mobile in the 199 range',
    input: '19912345678',
    output: { mobile: '19912345678', countryCode: '86', nationalNumber: '19912345678', e164: '+8619912345678', region: 'CN', valid: true, masked: '199****5678' },
  },
  {
    title: 'a mainland mobile already in E.164',
    input: '+8613811112222',
    output: { mobile: '+8613811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', region: 'CN', valid: true, masked: '+86138****2222' },
  },
  {
    title: 'a mainland mobile written as 86-<number>',
    input: '86-13811112222',
    output: { mobile: '86-13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', region: 'CN', valid: true, masked: '86-138****2222' },
  },
  {
    title: "the docs' overseas example 1-1234432112 (NANP, not a valid area code)",
    input: '1-1234432112',
    output: { mobile: '1-1234432112', countryCode: '1', nationalNumber: '1234432112', e164: '+11234432112', region: undefined, valid: false, masked: '1-*******112' },
  },
  {
    title: 'a US number as 1-<number>',
    input: '1-4155550123',
    output: { mobile: '1-4155550123', countryCode: '1', nationalNumber: '4155550123', e164: '+14155550123', region: 'US', valid: true, masked: '1-*******123' },
  },
  {
    title: 'a US number as +1-<number>',
    input: '+1-4155550123',
    output: { mobile: '+1-4155550123', countryCode: '1', nationalNumber: '4155550123', e164: '+14155550123', region: 'US', valid: true, masked: '+1-*******123' },
  },
  {
    title: 'a Hong Kong number 852-91234567',
    input: '852-91234567',
    output: { mobile: '852-91234567', countryCode: '852', nationalNumber: '91234567', e164: '+85291234567', region: 'HK', valid: true, masked: '852-******67' },
  },
  {
    title: 'a Macau number 853-66123456',
    input: '853-66123456',
    output: { mobile: '853-66123456', countryCode: '853', nationalNumber: '66123456', e164: '+85366123456', region: 'MO', valid: true, masked: '853-******56' },
  },
  {
    title: 'a Taiwan number 886-912345678',
    input: '886-912345678',
    output: { mobile: '886-912345678', countryCode: '886', nationalNumber: '912345678', e164: '+886912345678', region: 'TW', valid: true, masked: '886-******678' },
  },
  {
    title: 'a UK number 44-7400123456',
    input: '44-7400123456',
    output: { mobile: '44-7400123456', countryCode: '44', nationalNumber: '7400123456', e164: '+447400123456', region: 'GB', valid: true, masked: '44-*******456' },
  },
];

/** Text that is not a phone number at all: PHONE_INVALID. */
export const NORMALISE_INVALID_VECTORS: readonly Vector<string, 'PHONE_INVALID'>[] = [
  { title: 'an empty string', input: '', output: 'PHONE_INVALID' },
  { title: 'only whitespace', input: '   ', output: 'PHONE_INVALID' },
  { title: 'letters', input: 'abc', output: 'PHONE_INVALID' },
  { title: 'a number with a letter in it', input: '1381111222a', output: 'PHONE_INVALID' },
  { title: 'a number with inner spaces', input: '138 1111 2222', output: 'PHONE_INVALID' },
  { title: 'too few digits', input: '138', output: 'PHONE_INVALID' },
  { title: 'a bare plus sign', input: '+', output: 'PHONE_INVALID' },
  { title: 'a country code with no number', input: '86-', output: 'PHONE_INVALID' },
  { title: 'country code 0', input: '0-12345', output: 'PHONE_INVALID' },
  { title: 'an unassigned country code', input: '999-123456', output: 'PHONE_INVALID' },
  { title: 'an unassigned country code in E.164', input: '+999123456', output: 'PHONE_INVALID' },
  { title: 'an overseas number that is too short', input: '1-123', output: 'PHONE_INVALID' },
  { title: 'sixteen digits', input: '1234567890123456', output: 'PHONE_INVALID' },
  { title: 'Arabic-Indic digits', input: '٠١٢٣٤٥٦٧٨٩٠', output: 'PHONE_INVALID' },
  { title: 'a JSON fragment', input: '{"mobile":"13811112222"}', output: 'PHONE_INVALID' },
];

/** normalisePhoneParts, as WeChat's phone_info gives it. */
export const NORMALISE_PARTS_VECTORS: readonly Vector<{ countryCode: string | number; nationalNumber: string }, { mobile: string; e164: string }>[] = [
  { title: 'a numeric country code 86', input: { countryCode: 86, nationalNumber: '13811112222' }, output: { mobile: '13811112222', e164: '+8613811112222' } },
  { title: 'a string country code with a plus', input: { countryCode: '+852', nationalNumber: '91234567' }, output: { mobile: '852-91234567', e164: '+85291234567' } },
  { title: 'country code 1', input: { countryCode: '1', nationalNumber: '4155550123' }, output: { mobile: '1-4155550123', e164: '+14155550123' } },
];

/** maskPhone: what reaches logs. */
export const MASK_VECTORS: readonly Vector<string, string>[] = [
  { title: 'a mainland mobile keeps 3 + 4 digits', input: '13811112222', output: '138****2222' },
  { title: 'surrounding whitespace is dropped', input: ' 13811112222 ', output: '138****2222' },
  { title: 'an E.164 mainland mobile keeps its +86 prefix', input: '+8613811112222', output: '+86138****2222' },
  { title: 'an 86- prefixed mainland mobile', input: '86-13811112222', output: '86-138****2222' },
  { title: 'an overseas 1-1234432112 keeps at most a third', input: '1-1234432112', output: '1-*******112' },
  { title: 'a Hong Kong 852-91234567', input: '852-91234567', output: '852-******67' },
  { title: 'a +852- prefixed number', input: '+852-91234567', output: '+852-******67' },
  { title: 'a fifteen-digit number', input: '123456789012345', output: '123********2345' },
  { title: 'a ten-digit number', input: '1234567890', output: '*******890' },
  { title: 'five digits keep one', input: '12345', output: '****5' },
  { title: 'three digits keep one', input: '123', output: '**3' },
  { title: 'one digit keeps none', input: '1', output: '*' },
  { title: 'a non-mainland E.164 number keeps its first three and last four digits', input: '+14155550123', output: '+141****0123' },
  { title: 'dashes inside the number are fully masked', input: '138-1111-2222', output: '****' },
  { title: 'letters are fully masked', input: 'abc', output: '****' },
  { title: 'an empty string', input: '', output: '****' },
];
