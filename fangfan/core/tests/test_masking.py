from fangfan.core.masking import mask_text


def test_text_masks_id_numbers_card_numbers_and_mobiles_but_not_region_codes():
    text = "身份证号37040619850601001X，残疾人证号37040619850601001342，电话13812345678，区划370406101001"

    masked = mask_text(text)

    assert masked == (
        "身份证号370406********001X，残疾人证号370406**********1342，电话138****5678，区划370406101001"
    )
