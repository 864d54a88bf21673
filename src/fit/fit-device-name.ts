import { getFitGarminProductName, getFitManufacturerName } from 'fit-file-parser';
import { type FitMessage, readEnum, readNumber, readString } from './fit-message.ts';
import { stripControlCharacters } from './fit-text.ts';

// Manufacturers whose product ids are Garmin product ids (FIT profile: garmin_product sub-field).
const GARMIN_PRODUCT_MANUFACTURERS = new Set(['garmin', 'dynastream', 'dynastream_oem', 'tacx']);

/** "garmin fenix5", "coros COROS APEX Pro", "wahoo_fitness ELEMNT", or the manufacturer alone. */
export function describeDevice(
  fileId: FitMessage | undefined,
  deviceInfos: readonly FitMessage[],
): string | null {
  const manufacturer = manufacturerName(readEnum(fileId, 'manufacturer'));
  const product = productName(fileId, manufacturer) ?? creatorProductName(deviceInfos);
  const parts = [manufacturer, product].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : null;
}

function manufacturerName(value: string | number | undefined): string | undefined {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return cleanText(getFitManufacturerName(value) ?? undefined);
  return undefined;
}

function productName(message: FitMessage | undefined, manufacturer: string | undefined): string | undefined {
  const named = cleanText(readString(message, 'product_name'));
  if (named) return named;
  if (manufacturer === undefined || !GARMIN_PRODUCT_MANUFACTURERS.has(manufacturer)) return undefined;
  const garminProduct = readEnum(message, 'garmin_product');
  if (typeof garminProduct === 'string') return cleanText(garminProduct);
  const productId = readNumber(message, 'product');
  return Number.isNaN(productId) ? undefined : cleanText(getFitGarminProductName(productId) ?? undefined);
}

// Wahoo writes a bare product number in file_id and the readable name in the creator's device_info.
function creatorProductName(deviceInfos: readonly FitMessage[]): string | undefined {
  const creator = deviceInfos.find((info) => {
    const index = readEnum(info, 'device_index');
    return index === 'creator' || index === 0;
  });
  return cleanText(readString(creator, 'product_name'));
}

/** Device strings come from firmware: no control characters, bounded length. */
function cleanText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = stripControlCharacters(value).trim().slice(0, 80);
  return cleaned.length > 0 ? cleaned : undefined;
}
